using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PanelImages.OpenStackTests.Faults;

public enum Fault { None, Error500, Hang, Refuse }

/// <summary>
/// A loopback relay in front of an HTTP service (Glance, Keystone) that injects faults: relays bytes as they are
/// (None), answers every request 500 (Error500), accepts and never answers (Hang), or refuses connections (Refuse).
/// The shared service itself is never touched.
/// </summary>
public sealed class HttpFaultRelay : IAsyncDisposable
{
    private readonly int _target;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private CancellationTokenSource _connections = new();
    public int Port { get; }
    public Fault Fault { get; private set; }

    public HttpFaultRelay(int targetPort)
    {
        _target = targetPort;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = AcceptLoopAsync();
    }

    public string Url(string path = "") => $"http://127.0.0.1:{Port}{path}";

    /// <summary>Switches the fault; connections already open are cut, so that the new behaviour applies at once.</summary>
    public void Set(Fault fault)
    {
        Fault = fault;
        var old = _connections;
        _connections = new CancellationTokenSource();
        old.Cancel();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); } catch { return; }
            var fault = Fault;
            var ct = _connections.Token;
            _ = fault switch
            {
                Fault.None => RelayAsync(client, ct),
                Fault.Error500 => AnswerErrorAsync(client, ct),
                Fault.Hang => HangAsync(client, ct),
                _ => Task.Run(client.Dispose),
            };
        }
    }

    private async Task RelayAsync(TcpClient client, CancellationToken ct)
    {
        using (client)
        using (var upstream = new TcpClient())
        {
            try
            {
                await upstream.ConnectAsync(IPAddress.Loopback, _target, ct);
                var a = client.GetStream();
                var b = upstream.GetStream();
                await Task.WhenAny(a.CopyToAsync(b, ct), b.CopyToAsync(a, ct));
            }
            catch { /* cut on purpose or by a peer */ }
        }
    }

    private static async Task AnswerErrorAsync(TcpClient client, CancellationToken ct)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var buffer = new byte[64 * 1024];
                var seen = new StringBuilder();
                while (!seen.ToString().Contains("\r\n\r\n"))
                {
                    var n = await stream.ReadAsync(buffer, ct);
                    if (n == 0) return;
                    seen.Append(Encoding.ASCII.GetString(buffer, 0, n));
                }
                const string body = "{\"message\": \"injected fault\"}";
                var response = $"HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(response), ct);
            }
            catch { /* cut */ }
        }
    }

    private static async Task HangAsync(TcpClient client, CancellationToken ct)
    {
        using (client)
            try { await Task.Delay(Timeout.Infinite, ct); } catch { /* released */ }
    }

    public ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _connections.Cancel();
        _listener.Stop();
        return ValueTask.CompletedTask;
    }
}
