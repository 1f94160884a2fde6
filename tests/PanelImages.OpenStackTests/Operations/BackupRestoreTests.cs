using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PanelImages.Catalog;
using PanelImages.OpenStackTests.Faults;
using PanelImages.OpenStackTests.Infrastructure;
using PanelImages.OpenStackTests.Notifications;
using PanelImages.Sync;

namespace PanelImages.OpenStackTests.Operations;

/// <summary>
/// An online backup of a catalogue the service is writing to, restored into a fresh catalogue: users, tokens,
/// permissions and the activity log come back from the backup, the images from a sync against the real Glance.
/// </summary>
public sealed class BackupRestoreTests : IAsyncLifetime
{
    private readonly string _live = NotifiedPanel.NewCatalogue(), _restored = NotifiedPanel.NewCatalogue();
    private readonly string _backup = Path.Combine(Path.GetTempPath(), $"panelimages-backup-{Guid.NewGuid():N}.db");
    private readonly string _prefix = Cloud.UniquePrefix("backup");
    private readonly SyncedPanel _panel = new();
    private readonly List<string> _created = [];

    public async Task InitializeAsync()
    {
        _panel.Settings["Catalog:ConnectionString"] = $"Data Source={_live}";
        _panel.Settings["Notifications:Enabled"] = "false";
        await _panel.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _panel.Cloud.Admin.DeleteManyAsync(_created);
        await _panel.DisposeAsync();
        NotifiedPanel.DeleteCatalogue(_live);
        NotifiedPanel.DeleteCatalogue(_restored);
        File.Delete(_backup);
    }

    [Fact]
    public async Task ABackupTakenWhileTheServiceWritesRestoresIntoAFreshCatalogueAndASyncBringsTheImagesBack()
    {
        var cloud = _panel.Cloud;
        var before = await CreateAsync("before");
        await _panel.SyncOkAsync(SyncKind.Full);
        await _panel.WithDbAsync(async db =>
        {
            var alice = await db.Users.SingleAsync(u => u.Username == "alice");
            db.PermissionGrants.Add(new PermissionGrant { UserId = alice.Id, Name = "images.destroy", Granted = false });
            return await db.SaveChangesAsync();
        });

        // Renames through the API (each an audit row and a catalogue write) go on while the backup runs.
        using var alice = _panel.ClientWithToken(SyncedPanel.Alice);
        using var stop = new CancellationTokenSource();
        var renames = 0;
        var writer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var r = await alice.PatchAsJsonAsync($"/backend/api/openstack/images/{before}", new { name = $"{_prefix}-before-{renames}" });
                Assert.Equal(200, (int)r.StatusCode);
                renames++;
            }
        });
        await Eventually.WaitAsync(() => Task.FromResult(renames >= 2), TimeSpan.FromMinutes(1), "writes under way");
        var output = await CliAsync("backup", _backup, "--Catalog:ConnectionString", $"Data Source={_live}");
        stop.Cancel();
        await writer;
        Assert.Contains("backup", output);
        var auditInBackup = await CountAsync(_backup, db => db.AuditLog.CountAsync());
        Assert.True(auditInBackup >= 2, $"{auditInBackup} audit rows in the backup");

        // Glance moves on after the backup.
        var after = await CreateAsync("after");
        await cloud.Demo1.DeleteImageAsync(before);

        await CliAsync("restore", _backup, "--Catalog:ConnectionString", $"Data Source={_restored}");
        await CliAsync("sync", "--once", "--Catalog:ConnectionString", $"Data Source={_restored}",
            "--OpenStack:Cloud", "admin", "--OpenStack:CloudsFile", cloud.CloudsFile);

        Assert.Equal(3, await CountAsync(_restored, db => db.Users.CountAsync()));
        Assert.Equal(1, await CountAsync(_restored, db => db.PermissionGrants.CountAsync(p => p.Name == "images.destroy" && !p.Granted)));
        Assert.True(await CountAsync(_restored, db => db.AuditLog.CountAsync()) >= auditInBackup);
        Assert.Equal("deleted", await CountAsync(_restored, db => db.Images.Where(i => i.Id == before).Select(i => i.Status).SingleAsync()));

        // The restored catalogue serves the same tokens and the images Glance has now.
        using var service = PanelProcess.Start(SyncedPanel.Alice, "--Catalog:ConnectionString", $"Data Source={_restored}", "--Sync:Enabled", "false",
            "--Notifications:Enabled", "false");
        await service.WaitLiveAsync();
        var list = JsonNode.Parse(await service.Http.GetStringAsync($"/backend/api/openstack/images?search={_prefix}"))!;
        Assert.Equal([after], list["objects"]!.AsArray().Select(i => (string)i!["id"]!));
        var permissions = JsonNode.Parse(await service.Http.GetStringAsync("/backend/api/openstack/images/permissions"))!;
        Assert.False((bool)permissions["images.destroy"]!); // the denial came back with the backup
        Assert.True((bool)permissions["images.retrieve"]!);
    }

    private async Task<string> CreateAsync(string name)
    {
        var id = (await _panel.Cloud.Demo1.CreateImageAsync(new JsonObject { ["name"] = $"{_prefix}-{name}" })).GetProperty("id").GetString()!;
        _created.Add(id);
        return id;
    }

    private static async Task<T> CountAsync<T>(string file, Func<CatalogDb, Task<T>> query)
    {
        await using var db = new SqliteCatalogDb(new DbContextOptionsBuilder<SqliteCatalogDb>().UseSqlite($"Data Source={file};Pooling=false").Options);
        return await query(db);
    }

    private static async Task<string> CliAsync(params string[] args)
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
}
