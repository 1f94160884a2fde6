using Microsoft.EntityFrameworkCore;
using System.Text.Json.Nodes;
using PanelImages.OpenStackTests.Infrastructure;

namespace PanelImages.OpenStackTests.Nova;

/// <summary>Servers created, renamed and deleted in the real Nova reach related_instance and used_by_resellers.</summary>
public sealed class InstanceSyncTests(NovaFixture nova) : IClassFixture<NovaFixture>
{
    private const string Alice = SyncedPanel.Alice, Bob = SyncedPanel.Bob, Staff = SyncedPanel.Staff;

    [Fact]
    public async Task InstanceCreatedRenamedAndDeletedInNovaReachesRelatedInstance()
    {
        var name = Cloud.UniquePrefix("nova-vm");
        var server = await nova.NewServerAsync(nova.Demo1, name);
        var image = await nova.NewImageAsync(nova.Cloud.Demo1, new JsonObject { ["instance_uuid"] = server, ["image_type"] = "snapshot" });
        await nova.SyncAllAsync();

        var seen = (await nova.RetrieveAsync(Alice, "api", image))!;
        Assert.Equal(server, (string?)seen["related_instance"]?["id"]);
        Assert.Equal(name, (string?)seen["related_instance"]?["name"]);
        Assert.Equal(server, (string?)(await nova.RetrieveAsync(Staff, "staffapi", image))!["related_instance"]?["id"]);

        await nova.Demo1.RenameServerAsync(server, name + "-renamed");
        await nova.NovaSyncOkAsync(full: false); // changes-since
        Assert.Equal(name + "-renamed", (string?)(await nova.RetrieveAsync(Alice, "api", image))!["related_instance"]?["name"]);

        await nova.Demo1.DeleteServerAsync(server);
        await nova.NovaSyncOkAsync(full: false); // a deleted server is listed with status DELETED since the last run
        Assert.Null((await nova.RetrieveAsync(Alice, "api", image))!["related_instance"]);
        Assert.Null((await nova.RetrieveAsync(Staff, "staffapi", image))!["related_instance"]);
    }

    [Fact]
    public async Task AnotherClientsInstanceNeverShowsAsRelatedInstance()
    {
        var aliceServer = await nova.NewServerAsync(nova.Demo1, Cloud.UniquePrefix("nova-vm"));
        // Bob's image names Alice's server: Bob may not learn it exists, staff see it.
        var bobsImage = await nova.NewImageAsync(nova.Cloud.Demo2, new JsonObject { ["instance_uuid"] = aliceServer, ["image_type"] = "snapshot" });
        await nova.SyncAllAsync();

        var bobView = (await nova.RetrieveAsync(Bob, "api", bobsImage))!;
        Assert.Null(bobView["related_instance"]);
        Assert.DoesNotContain(aliceServer, (await nova.Panel.GetAsync(Bob, "/backend/api/openstack/instances")).Body!.ToJsonString());
        Assert.Equal(aliceServer, (string?)(await nova.RetrieveAsync(Staff, "staffapi", bobsImage))!["related_instance"]?["id"]);
        Assert.Null(await nova.RetrieveAsync(Alice, "api", bobsImage)); // and Alice does not see Bob's image at all
    }

    [Fact]
    public async Task UsedByResellersNamesTheResellerWhoseClientRunsTheImageForStaffAndThatResellerOnly()
    {
        await nova.NewServerAsync(nova.Demo2, Cloud.UniquePrefix("nova-vm")); // client 2, sold by rita, boots nl-boot-raw
        await nova.SyncAllAsync();

        var staff = (await nova.RetrieveAsync(Staff, "staffapi", nova.BootImage))!;
        Assert.Contains(nova.RitaId, staff["used_by_resellers"]!.AsArray().Select(x => (int)x!));
        Assert.Equal([nova.RitaId], (await nova.RetrieveAsync(NovaFixture.Rita, "resellerapi", nova.BootImage))!["used_by_resellers"]!
            .AsArray().Select(x => (int)x!));
        var (_, aliceList) = await nova.Panel.GetAsync(Alice, $"/backend/api/openstack/images?filtering=visibility:public%2Bid:{nova.BootImage}");
        var aliceView = Assert.Single(aliceList!["objects"]!.AsArray())!;
        Assert.Empty(aliceView["used_by_resellers"]!.AsArray());
    }
}

/// <summary>The panel reading Nova one server per page: the sync reads each next page while it writes the last.</summary>
public sealed class OneServerPerPageFixture : NovaFixture
{
    protected override void Configure(SyncedPanel panel) => panel.Settings["Nova:PageSize"] = "1";
}

public sealed class PagedInstanceSyncTests(OneServerPerPageFixture nova) : IClassFixture<OneServerPerPageFixture>
{
    private Task<HashSet<string>> CatalogueInstancesAsync() =>
        nova.Panel.WithDbAsync(async db => (await db.Instances.Select(i => i.Id).ToListAsync()).ToHashSet());

    [Fact]
    public async Task EveryServerOnEveryPageReachesTheCatalogueAndADeletionIsSeenAcrossPages()
    {
        var servers = new List<string>();
        for (var i = 0; i < 3; i++)
            servers.Add(await nova.NewServerAsync(i % 2 == 0 ? nova.Demo1 : nova.Demo2, Cloud.UniquePrefix("nova-paged")));
        await nova.NovaSyncOkAsync(full: true);
        Assert.Superset(servers.ToHashSet(), await CatalogueInstancesAsync());

        await nova.Demo1.DeleteServerAsync(servers[0]);
        await nova.NovaSyncOkAsync(full: true);
        var after = await CatalogueInstancesAsync();
        Assert.DoesNotContain(servers[0], after);
        Assert.Superset(servers.Skip(1).ToHashSet(), after);
    }
}
