using System.Text.Json.Nodes;
using PanelImages.Nova;
using PanelImages.OpenStackTests.Infrastructure;

namespace PanelImages.OpenStackTests.Nova;

/// <summary>Nova and Keystone reached through TCP relays the test stops and starts (the shared services keep running).</summary>
public sealed class OutageFixture : NovaFixture
{
    public TcpProxy NovaRelay { get; } = new(8774);
    public TcpProxy KeystoneRelay { get; } = new(5000);

    protected override void Configure(SyncedPanel panel)
    {
        NovaRelay.Start();
        KeystoneRelay.Start();
        panel.Settings["Nova:EndpointOverrides:RegionOne"] = $"http://127.0.0.1:{NovaRelay.Port}/v2.1";
        // An explicit auth_url replaces the cloud of clouds.yaml: give the rest of admin's settings with it.
        var file = Environment.GetEnvironmentVariable("OS_CLIENT_CONFIG_FILE") is { Length: > 0 } f ? f : Cloud.DefaultCloudsFile;
        var admin = Cloud.Options(file, "admin");
        panel.Settings["OpenStack:AuthUrl"] = $"http://127.0.0.1:{KeystoneRelay.Port}/v3";
        panel.Settings["OpenStack:Username"] = admin.Username;
        panel.Settings["OpenStack:Password"] = admin.Password;
        panel.Settings["OpenStack:ProjectName"] = admin.ProjectName;
        panel.Settings["OpenStack:UserDomainName"] = admin.UserDomainName;
        panel.Settings["OpenStack:ProjectDomainName"] = admin.ProjectDomainName;
        panel.Settings["OpenStack:Retries"] = "1";
        panel.Settings["OpenStack:AttemptTimeoutSeconds"] = "5";
    }
}

public sealed class OutageTests(OutageFixture fx) : IClassFixture<OutageFixture>
{
    [Fact]
    public async Task ListsKeepAnsweringWhileNovaAndKeystoneAreDownAndTheSyncConvergesAfter()
    {
        var before = await fx.NewServerAsync(fx.Demo1, Cloud.UniquePrefix("nova-vm"));
        var image = await fx.NewImageAsync(fx.Cloud.Demo1, new JsonObject { ["instance_uuid"] = before, ["image_type"] = "snapshot" });
        await fx.SyncAllAsync();
        Assert.Equal(before, (string?)(await fx.RetrieveAsync(SyncedPanel.Alice, "api", image))!["related_instance"]?["id"]);

        fx.NovaRelay.Stop();
        fx.KeystoneRelay.Stop();
        var during = await fx.NewServerAsync(fx.Demo1, Cloud.UniquePrefix("nova-vm"));
        var results = await fx.NovaSync.RunAsync(full: false);
        Assert.All(results, r => Assert.False(r.Ok, $"{r.Resource} should have failed"));
        Assert.Contains(results, r => r.Resource == ResourceSyncState.Projects && r.Error!.Contains($"127.0.0.1:{fx.KeystoneRelay.Port}"));
        Assert.Contains(results, r => r.Resource == ResourceSyncState.Instances && r.Error!.Contains($"127.0.0.1:{fx.NovaRelay.Port}"));

        // The catalogue answers with what it knew; the sync status names each failure and keeps the last good run.
        Assert.Equal(before, (string?)(await fx.RetrieveAsync(SyncedPanel.Alice, "api", image))!["related_instance"]?["id"]);
        var (_, status) = await fx.Panel.GetAsync(SyncedPanel.Staff, "/backend/staffapi/openstack/sync");
        var resources = status!["resources"]!.AsArray();
        foreach (var resource in new[] { "projects", "instances", "flavors" })
        {
            var row = resources.Single(r => (string?)r!["resource"] == resource)!;
            Assert.False((bool)row["last_attempt_ok"]!, resource);
            Assert.NotNull((string?)row["last_error"]);
            Assert.NotNull(row["last_full_at"]);
        }

        fx.NovaRelay.Start();
        fx.KeystoneRelay.Start();
        // The circuit breaker may hold calls back for a few seconds after the failures.
        await Eventually.WaitAsync(async () => (await fx.NovaSync.RunAsync(full: false)).All(r => r.Ok), "Nova and Keystone sync again");
        var duringImage = await fx.NewImageAsync(fx.Cloud.Demo1, new JsonObject { ["instance_uuid"] = during, ["image_type"] = "snapshot" });
        await fx.Panel.SyncOkAsync(PanelImages.Sync.SyncKind.Incremental);
        Assert.Equal(during, (string?)(await fx.RetrieveAsync(SyncedPanel.Alice, "api", duringImage))!["related_instance"]?["id"]);
        (_, status) = await fx.Panel.GetAsync(SyncedPanel.Staff, "/backend/staffapi/openstack/sync");
        Assert.All(status!["resources"]!.AsArray(), r => Assert.True((bool)r!["last_attempt_ok"]!));
    }
}
