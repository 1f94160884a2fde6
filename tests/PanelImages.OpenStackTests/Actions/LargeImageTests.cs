using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PanelImages.OpenStackTests.Infrastructure;

namespace PanelImages.OpenStackTests.Actions;

/// <summary>
/// 2 GiB images through the real service process (not the in-memory test host, so that its memory is its own):
/// uploaded (raw PUT, or inside a multipart create), downloaded, byte-identical, while the service's resident memory
/// grows by far less than the image: the data streams, it is never buffered.
/// </summary>
public sealed partial class LargeImageTests
{
    private const long Size = 2L << 30;
    // Growth over the warmed-up service's resident memory. Buffering a 2 GiB body would show as gigabytes; the
    // absolute figure (≈ 150–210 MiB) depends on the machine's core count and GC, so it is printed, not bounded.
    private const long GrowthLimit = 128L << 20;

    [Fact]
    public async Task TwoGibImageRoundTripsByteIdenticalWithBoundedServiceMemory()
    {
        await using var service = await LargeService.StartAsync();
        using var created = await service.Http.PostAsJsonAsync("/backend/api/openstack/images",
            new JsonObject { ["name"] = Cloud.UniquePrefix("2gib"), ["disk_format"] = "raw" });
        Assert.Equal(201, (int)created.StatusCode);
        service.ImageId = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!;
        var baseline = service.ResidentBytes();

        await using (var data = File.OpenRead(service.SparseDisk))
        {
            var content = new StreamContent(data, 1 << 20);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            content.Headers.ContentLength = Size;
            using var upload = await service.Http.PutAsync($"/backend/api/openstack/images/{service.ImageId}/file", content);
            Assert.True(upload.IsSuccessStatusCode, $"upload: {(int)upload.StatusCode} {await upload.Content.ReadAsStringAsync()}");
        }

        await service.AssertDownloadEqualsTheDiskAsync();
        service.AssertGrowthWithin(baseline, "raw upload");
    }

    [Fact]
    public async Task TwoGibMultipartCreateStreamsIntoGlanceWithBoundedServiceMemory()
    {
        await using var service = await LargeService.StartAsync();
        using (var warm = await service.Http.GetAsync("/backend/api/openstack/images?page_size=1")) Assert.True(warm.IsSuccessStatusCode);
        var baseline = service.ResidentBytes();

        await using (var data = File.OpenRead(service.SparseDisk))
        {
            var file = new StreamContent(data, 1 << 20);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            file.Headers.ContentLength = Size;
            using var form = new MultipartFormDataContent
            {
                { new StringContent(Cloud.UniquePrefix("2gib-form")), "name" },
                { new StringContent("raw"), "disk_format" },
                { file, "file", "disk.raw" },
            };
            using var created = await service.Http.PostAsync("/backend/api/openstack/images", form);
            var text = await created.Content.ReadAsStringAsync();
            Assert.True((int)created.StatusCode == 201, $"create: {(int)created.StatusCode} {text}");
            var body = JsonNode.Parse(text)!;
            service.ImageId = (string)body["id"]!;
            Assert.Equal("active", (string)body["status"]!);
        }

        await service.AssertDownloadEqualsTheDiskAsync();
        service.AssertGrowthWithin(baseline, "multipart create");
    }

    /// <summary>The service as its own process on a fresh catalogue, with end user "big" of client 1 (demo1) and a sparse 2 GiB disk.</summary>
    private sealed class LargeService : IAsyncDisposable
    {
        private Cloud _cloud = null!;
        private Process _process = null!;
        private DirectoryInfo _work = null!;
        public HttpClient Http { get; private set; } = null!;
        public string SparseDisk => Path.Combine(_work.FullName, "disk.raw");
        public string? ImageId { get; set; }

        public static async Task<LargeService> StartAsync()
        {
            var service = new LargeService { _cloud = await Cloud.GetAsync(), _work = Directory.CreateTempSubdirectory("panelimages-large-") };
            var db = $"Data Source={Path.Combine(service._work.FullName, "catalogue.db")}";
            string[] common = ["--Catalog:ConnectionString", db, "--OpenStack:Cloud", "admin", "--OpenStack:CloudsFile", service._cloud.CloudsFile];
            await RunCliAsync(["clients", "create", "--id", "1", "--name", "Large", .. common]);
            await RunCliAsync(["projects", "map", service._cloud.Demo1.ProjectId, "--client", "1", .. common]);
            await RunCliAsync(["users", "create", "big", "--audience", "enduser", "--client", "1", .. common]);
            var token = KeyLine().Match(await RunCliAsync(["tokens", "issue", "big", .. common])).Groups[1].Value;
            var port = FreePort();
            service._process = Start([$"--urls", $"http://127.0.0.1:{port}", "--Sync:Enabled", "false",
                "--Images:MaxUploadBytes", (3L << 30).ToString(), .. common]);
            service.Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(10) };
            service.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", token);
            await using (var file = File.Create(service.SparseDisk)) file.SetLength(Size); // sparse: no 2 GiB written to this disk
            await WaitHealthyAsync(service.Http, service._process);
            return service;
        }

        public long ResidentBytes() => StatusKilobytes("VmRSS:") * 1024;

        public void AssertGrowthWithin(long baseline, string what)
        {
            var peak = StatusKilobytes("VmHWM:") * 1024;
            Console.WriteLine($"2 GiB {what}: service RSS {baseline >> 20} MiB before, peak {peak >> 20} MiB");
            Assert.True(peak - baseline < GrowthLimit,
                $"{what}: service peak RSS {peak >> 20} MiB is {(peak - baseline) >> 20} MiB over {baseline >> 20} MiB before the transfer (limit {GrowthLimit >> 20} MiB)");
        }

        public async Task AssertDownloadEqualsTheDiskAsync()
        {
            using var download = await Http.GetAsync($"/backend/api/openstack/images/{ImageId}/download", HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(Size, download.Content.Headers.ContentLength);
            await using var body = await download.Content.ReadAsStreamAsync();
            var downloaded = await SHA256.HashDataAsync(body);
            await using var original = File.OpenRead(SparseDisk);
            Assert.Equal(await SHA256.HashDataAsync(original), downloaded);
        }

        private long StatusKilobytes(string field)
        {
            var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith(field));
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        }

        public async ValueTask DisposeAsync()
        {
            try { if (ImageId is not null) await _cloud.Admin.DeleteImageAsync(ImageId); }
            finally
            {
                Http?.Dispose();
                if (_process is { HasExited: false }) _process.Kill(entireProcessTree: true);
                _process?.Dispose();
                _work.Delete(recursive: true);
            }
        }
    }

    private static string ServiceDll => Path.Combine(AppContext.BaseDirectory, "PanelImages.dll");

    private static Process Start(string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        info.ArgumentList.Add(ServiceDll);
        foreach (var a in args) info.ArgumentList.Add(a);
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<string> RunCliAsync(string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        info.ArgumentList.Add(ServiceDll);
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{string.Join(' ', args)}: {output}{error}");
        return output;
    }

    private static async Task WaitHealthyAsync(HttpClient http, Process service)
    {
        for (var i = 0; i < 100; i++)
        {
            Assert.False(service.HasExited, "the service exited during start");
            try { if ((await http.GetAsync("/healthz")).IsSuccessStatusCode) return; } catch (HttpRequestException) { }
            await Task.Delay(200);
        }
        Assert.Fail("the service did not become healthy in 20 s");
    }

    private static int FreePort()
    {
        using var socket = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        socket.Start();
        return ((System.Net.IPEndPoint)socket.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"token \d+ for \S+: ([0-9a-f]+)")]
    private static partial Regex KeyLine();
}
