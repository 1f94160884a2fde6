using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PanelImages.OpenStackTests.Infrastructure;

namespace PanelImages.OpenStackTests.Actions;

/// <summary>
/// A 2 GiB image through the real service process (not the in-memory test host, so that its memory is its own):
/// uploaded, downloaded, byte-identical, while the service's peak resident memory stays small.
/// </summary>
public sealed partial class LargeImageTests
{
    private const long Size = 2L << 30;
    private const long PeakMemoryLimit = 200L << 20;

    [Fact]
    public async Task TwoGibImageRoundTripsByteIdenticalWithBoundedServiceMemory()
    {
        var cloud = await Cloud.GetAsync();
        var work = Directory.CreateTempSubdirectory("panelimages-large-");
        var db = $"Data Source={Path.Combine(work.FullName, "catalogue.db")}";
        string[] common = ["--Catalog:ConnectionString", db, "--OpenStack:Cloud", "admin", "--OpenStack:CloudsFile", cloud.CloudsFile];
        await RunCliAsync(["clients", "create", "--id", "1", "--name", "Large", .. common]);
        await RunCliAsync(["projects", "map", cloud.Demo1.ProjectId, "--client", "1", .. common]);
        await RunCliAsync(["users", "create", "big", "--audience", "enduser", "--client", "1", .. common]);
        var token = KeyLine().Match(await RunCliAsync(["tokens", "issue", "big", .. common])).Groups[1].Value;

        var port = FreePort();
        using var service = Start([$"--urls", $"http://127.0.0.1:{port}", "--Sync:Enabled", "false", "--Images:MaxUploadBytes", (3L << 30).ToString(), .. common]);
        string? id = null;
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(10) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", token);
            await WaitHealthyAsync(http, service);

            using var created = await http.PostAsJsonAsync("/backend/api/openstack/images", new JsonObject { ["name"] = Cloud.UniquePrefix("2gib"), ["disk_format"] = "raw" });
            Assert.Equal(201, (int)created.StatusCode);
            id = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!;

            var sparse = Path.Combine(work.FullName, "disk.raw");
            await using (var file = File.Create(sparse)) file.SetLength(Size); // sparse: no 2 GiB written to this disk
            await using (var data = File.OpenRead(sparse))
            {
                var content = new StreamContent(data, 1 << 20);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                content.Headers.ContentLength = Size;
                using var upload = await http.PutAsync($"/backend/api/openstack/images/{id}/file", content);
                Assert.True(upload.IsSuccessStatusCode, $"upload: {(int)upload.StatusCode} {await upload.Content.ReadAsStringAsync()}");
            }

            using var download = await http.GetAsync($"/backend/api/openstack/images/{id}/download", HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(Size, download.Content.Headers.ContentLength);
            await using var body = await download.Content.ReadAsStreamAsync();
            var downloaded = await SHA256.HashDataAsync(body);
            await using var original = File.OpenRead(sparse);
            Assert.Equal(await SHA256.HashDataAsync(original), downloaded);

            var peak = PeakResidentBytes(service.Id);
            Console.WriteLine($"2 GiB round trip: service peak RSS {peak / (1 << 20)} MiB");
            Assert.True(peak < PeakMemoryLimit, $"service peak RSS {peak / (1 << 20)} MiB exceeds {PeakMemoryLimit / (1 << 20)} MiB");
        }
        finally
        {
            if (id is not null) await cloud.Admin.DeleteImageAsync(id);
            service.Kill(entireProcessTree: true);
            work.Delete(recursive: true);
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

    private static long PeakResidentBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmHWM:"));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
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
