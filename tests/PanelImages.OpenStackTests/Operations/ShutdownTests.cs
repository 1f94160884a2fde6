using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Npgsql;
using PanelImages.OpenStackTests.Faults;
using PanelImages.OpenStackTests.Infrastructure;
using PanelImages.OpenStackTests.Notifications;

namespace PanelImages.OpenStackTests.Operations;

/// <summary>
/// SIGTERM during an upload: the sync lead is released at once, readiness turns 503, the upload still finishes, and
/// the process exits cleanly.
/// </summary>
public sealed partial class ShutdownTests : IAsyncLifetime
{
    private const string DefaultServer = "Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres";
    private readonly string _database = $"panelimages_shutdown_{Guid.NewGuid():N}";
    private string Server => Environment.GetEnvironmentVariable("PANELIMAGES_TEST_POSTGRES") is { Length: > 0 } cs ? cs : DefaultServer;
    private string Catalogue => new NpgsqlConnectionStringBuilder(Server) { Database = _database }.ConnectionString;
    private string? _image;
    private Cloud _cloud = null!;

    public async Task InitializeAsync() => _cloud = await Cloud.GetAsync();

    public async Task DisposeAsync()
    {
        if (_image is not null) await _cloud.Admin.DeleteImageAsync(_image);
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(Server);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task SigtermReleasesTheSyncLeadAtOnceAndLetsAnInFlightUploadFinish()
    {
        string[] common = ["--Catalog:Provider", "postgres", "--Catalog:ConnectionString", Catalogue,
            "--OpenStack:Cloud", "admin", "--OpenStack:CloudsFile", _cloud.CloudsFile];
        await CliAsync(["clients", "create", "--id", "1", "--name", "Shutdown", .. common]);
        await CliAsync(["projects", "map", _cloud.Demo1.ProjectId, "--client", "1", .. common]);
        await CliAsync(["users", "create", "drain", "--audience", "enduser", "--client", "1", .. common]);
        var token = KeyLine().Match(await CliAsync(["tokens", "issue", "drain", .. common])).Groups[1].Value;

        using var service = PanelProcess.Start(token, [.. common, "--Notifications:Enabled", "false", "--Shutdown:TimeoutSeconds", "60",
            "--Sync:IncrementalSeconds", "3600", "--Sync:FullMinutes", "600"]);
        await service.WaitLiveAsync();
        await Eventually.WaitAsync(async () => await LeaderLocksAsync() == 1, TimeSpan.FromSeconds(60), "the instance taking the sync lead");

        using var created = await service.Http.PostAsJsonAsync("/backend/api/openstack/images",
            new { name = Cloud.UniquePrefix("drain"), disk_format = "raw", container_format = "bare" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        _image = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!;

        var body = new SlowContent(chunks: 40, chunkBytes: 256 * 1024, pause: TimeSpan.FromMilliseconds(100));
        var upload = service.Http.PutAsync($"/backend/api/openstack/images/{_image}/file", body);
        await Eventually.WaitAsync(() => Task.FromResult(body.Sent >= 5), TimeSpan.FromSeconds(30), "the upload under way");

        service.Terminate();
        var clock = Stopwatch.StartNew();
        await Eventually.WaitAsync(async () => await LeaderLocksAsync() == 0, TimeSpan.FromSeconds(5), "the sync lead released");
        var released = clock.Elapsed;
        Assert.False(service.HasExited, "the process should still be draining the upload");
        Assert.True(body.Sent < 40, "the upload finished before the lead was checked: nothing was proven");

        using var finished = await upload;
        Assert.True(finished.IsSuccessStatusCode, $"upload: {(int)finished.StatusCode} {await finished.Content.ReadAsStringAsync()}");
        using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await service.WaitForExitAsync(exit.Token);
        Assert.Equal(0, service.ExitCode);
        var image = await _cloud.Admin.SendAsync(HttpMethod.Get, $"/v2/images/{_image}");
        Assert.Equal(40L * 256 * 1024, image.GetProperty("size").GetInt64());
        Console.WriteLine($"SIGTERM: sync lead released after {released.TotalMilliseconds:F0} ms; 10 MiB upload finished; exit 0");
    }

    private async Task<long> LeaderLocksAsync()
    {
        await using var c = new NpgsqlConnection(Server);
        await c.OpenAsync();
        await using var q = new NpgsqlCommand(
            "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid " +
            "WHERE l.locktype = 'advisory' AND a.datname = @db AND a.application_name = 'panelimages-sync-leader'", c);
        q.Parameters.AddWithValue("db", _database);
        return (long)(await q.ExecuteScalarAsync())!;
    }

    private static async Task<string> CliAsync(string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "PanelImages.dll"));
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{string.Join(' ', args)}: {await output}{error}");
        return await output;
    }

    [GeneratedRegex(@"token \d+ for \S+: ([0-9a-f]+)")]
    private static partial Regex KeyLine();

    /// <summary>Upload data sent slowly, chunk by chunk, with a known length.</summary>
    private sealed class SlowContent : HttpContent
    {
        private readonly int chunks, chunkBytes;
        private readonly TimeSpan pause;
        private int _sent;

        public SlowContent(int chunks, int chunkBytes, TimeSpan pause)
        {
            (this.chunks, this.chunkBytes, this.pause) = (chunks, chunkBytes, pause);
            Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        }

        public int Sent => Volatile.Read(ref _sent);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var chunk = new byte[chunkBytes];
            for (var i = 0; i < chunks; i++)
            {
                await stream.WriteAsync(chunk);
                await stream.FlushAsync();
                Interlocked.Increment(ref _sent);
                await Task.Delay(pause);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = (long)chunks * chunkBytes;
            return true;
        }

    }
}
