using System.Diagnostics;
using System.Text;
using System.Text.Json;
using RabbitMQ.Client;

namespace PanelImages.OpenStackTests.Notifications;

/// <summary>
/// The loopback RabbitMQ that Glance publishes to (scripts/openstack/up.sh with OSL_RABBIT=1), reached directly:
/// publishing copies of captured messages, capturing what Glance sends, reading queues, restarting the broker.
/// </summary>
public sealed class Bus : IAsyncDisposable
{
    public const string Url = "amqp://openstack:rabbit-secret@127.0.0.1:5672/";
    private const string State = "/var/lib/openstack-loopback";
    private readonly List<string> _queues = [];
    private IConnection _connection = null!;
    private IChannel _channel = null!;

    public static async Task<Bus> ConnectAsync()
    {
        var bus = new Bus();
        try { await bus.OpenAsync(); }
        catch (Exception e)
        {
            throw new InvalidOperationException($"RabbitMQ not reachable at {Url} ({e.Message}). Start it with `OSL_RABBIT=1 bash scripts/openstack/up.sh`.", e);
        }
        return bus;
    }

    private async Task OpenAsync()
    {
        _connection = await new ConnectionFactory { Uri = new Uri(Url), AutomaticRecoveryEnabled = false }.CreateConnectionAsync();
        _channel = await _connection.CreateChannelAsync();
    }

    private async Task<IChannel> ChannelAsync()
    {
        if (!_connection.IsOpen || !_channel.IsOpen)
        {
            try { await _connection.DisposeAsync(); } catch { /* reopened below */ }
            await OpenAsync();
        }
        return _channel;
    }

    public static string UniqueQueue(string what) => $"panelimages.test.{what}.{Guid.NewGuid():N}"[..48];

    /// <summary>The queue and its dead-letter companions are deleted when the bus is disposed.</summary>
    public string Track(string queue) { _queues.Add(queue); return queue; }

    /// <summary>A queue of our own bound to Glance's exchange, catching every notification from now on.</summary>
    public async Task<string> StartCaptureAsync()
    {
        var channel = await ChannelAsync();
        var queue = Track(UniqueQueue("capture"));
        await channel.ExchangeDeclareAsync("glance", ExchangeType.Topic, durable: false, autoDelete: false);
        await channel.QueueDeclareAsync(queue, durable: false, exclusive: false, autoDelete: false);
        await channel.QueueBindAsync(queue, "glance", "notifications.info");
        return queue;
    }

    /// <summary>Every body waiting in the queue (taken, acknowledged).</summary>
    public async Task<List<byte[]>> DrainAsync(string queue)
    {
        var channel = await ChannelAsync();
        var bodies = new List<byte[]>();
        for (var i = 0; i < 100_000; i++)
        {
            var got = await channel.BasicGetAsync(queue, autoAck: true);
            if (got is null) break;
            bodies.Add(got.Body.ToArray());
        }
        return bodies;
    }

    public async Task PublishAsync(string queue, IEnumerable<byte[]> bodies)
    {
        var channel = await ChannelAsync();
        var props = new BasicProperties { ContentType = "application/json", ContentEncoding = "utf-8", DeliveryMode = DeliveryModes.Persistent };
        foreach (var body in bodies)
            await channel.BasicPublishAsync("", queue, mandatory: false, props, body);
    }

    public Task PublishAsync(string queue, string body) => PublishAsync(queue, [Encoding.UTF8.GetBytes(body)]);

    public async Task<uint> CountAsync(string queue)
    {
        var channel = await ChannelAsync();
        return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
    }

    /// <summary>Stops the broker up.sh started (by its PID file) and starts it again the way up.sh does.</summary>
    public static async Task RestartBrokerAsync(Func<Task>? whileDown = null)
    {
        var pidFile = Path.Combine(State, "run", "rabbitmq.pid");
        var pid = int.Parse(File.ReadAllText(pidFile).Trim());
        var cmdline = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        if (!cmdline.Contains("rabbitmq")) throw new InvalidOperationException($"pid {pid} in {pidFile} is not the broker: {cmdline}");
        using (var self = Process.GetProcessById(pid))
        {
            // The rabbitmq-server script traps TERM and stops the Erlang node cleanly.
            Run("kill", "-TERM", pid.ToString());
            if (!self.WaitForExit(30_000)) throw new TimeoutException("RabbitMQ did not stop within 30 s");
        }
        await WaitPortAsync(open: false, TimeSpan.FromSeconds(30));
        if (whileDown is not null) await whileDown();
        var env = Path.Combine(State, "rabbitmq", "rabbitmq-env.sh");
        var log = Path.Combine(State, "log", "rabbitmq-server.log");
        // up.sh's start_rabbit: a new session, as user rabbitmq, the PID file written by the process itself.
        const string inner = "echo $$ >\"$1\"; exec setpriv --reuid=rabbitmq --regid=rabbitmq --init-groups " +
                             "/bin/sh -c '. \"$0\"; exec /usr/lib/rabbitmq/bin/rabbitmq-server' \"$2\"";
        Run("/bin/sh", "-c", "setsid /bin/sh -c \"$1\" sh \"$2\" \"$3\" >>\"$4\" 2>&1 </dev/null &", "start-rabbit", inner, pidFile, env, log);
        await WaitPortAsync(open: true, TimeSpan.FromSeconds(90));
    }

    private static async Task WaitPortAsync(bool open, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            var isOpen = false;
            try
            {
                await using var c = await new ConnectionFactory { Uri = new Uri(Url), AutomaticRecoveryEnabled = false, RequestedConnectionTimeout = TimeSpan.FromSeconds(2) }.CreateConnectionAsync();
                isOpen = true;
            }
            catch { /* not (yet) accepting */ }
            if (isOpen == open) return;
            await Task.Delay(200);
        }
        throw new TimeoutException($"RabbitMQ still {(open ? "down" : "up")} after {timeout.TotalSeconds} s");
    }

    private static void Run(string file, params string[] args)
    {
        using var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true })!;
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit(30_000);
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)}: exit {p.ExitCode} {error}");
    }

    /// <summary>The decoded oslo message of a captured body (null when it is not one).</summary>
    public static JsonElement? Decode(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            using var inner = JsonDocument.Parse(doc.RootElement.GetProperty("oslo.message").GetString()!);
            return inner.RootElement.Clone();
        }
        catch { return null; }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            var channel = await ChannelAsync();
            foreach (var q in _queues)
            {
                foreach (var name in new[] { q, q + ".dead" })
                    try { await channel.QueueDeleteAsync(name, ifUnused: false, ifEmpty: false); } catch { channel = await ChannelAsync(); }
                try { await channel.ExchangeDeleteAsync(q + ".dlx", ifUnused: false); } catch { channel = await ChannelAsync(); }
            }
            await _connection.CloseAsync();
        }
        catch { /* the broker may be gone; queues are test-named */ }
        await _connection.DisposeAsync();
    }
}
