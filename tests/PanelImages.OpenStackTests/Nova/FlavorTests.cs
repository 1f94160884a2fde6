using System.Text.Json.Nodes;
using PanelImages.OpenStackTests.Infrastructure;

namespace PanelImages.OpenStackTests.Nova;

/// <summary>
/// Flavors from the real Nova (nl-tiny: 64 MiB / 1 GiB, nl-small: 512 MiB / 5 GiB, public; plus a private one of
/// demo2's), staff assignments, assigned_to_flavor and the flavor filter.
/// </summary>
public sealed class FlavorTests(NovaFixture nova) : IClassFixture<NovaFixture>, IAsyncLifetime
{
    private const string Alice = SyncedPanel.Alice, Bob = SyncedPanel.Bob, Staff = SyncedPanel.Staff;
    private readonly string _private = "ost-nova-" + Guid.NewGuid().ToString("N")[..8];

    public async Task InitializeAsync()
    {
        await nova.Admin.SendAsync(HttpMethod.Post, "/flavors", new JsonObject
        {
            ["flavor"] = new JsonObject { ["name"] = _private, ["id"] = _private, ["ram"] = 128, ["vcpus"] = 1, ["disk"] = 2, ["os-flavor-access:is_public"] = false },
        });
        await nova.Admin.SendAsync(HttpMethod.Post, $"/flavors/{_private}/action", new JsonObject { ["addTenantAccess"] = new JsonObject { ["tenant"] = nova.Demo2.ProjectId } });
    }

    public async Task DisposeAsync() => await nova.Admin.SendAsync(HttpMethod.Delete, $"/flavors/{_private}", ok: [System.Net.HttpStatusCode.NotFound]);

    [Fact]
    public async Task FlavorsAreSyncedWithSizesAndAccess()
    {
        await nova.NovaSyncOkAsync(full: true);
        var (status, body) = await nova.Panel.GetAsync(Staff, "/backend/staffapi/openstack/flavors?region=RegionOne");
        Assert.Equal(200, status);
        var flavors = body!["objects"]!.AsArray();
        var tiny = flavors.Single(f => (string?)f!["id"] == NovaApi.TinyFlavor)!;
        Assert.Equal((64, 1, 1, true), ((int)tiny["ram"]!, (int)tiny["vcpus"]!, (int)tiny["disk"]!, (bool)tiny["is_public"]!));
        var mine = flavors.Single(f => (string?)f!["id"] == _private)!;
        Assert.False((bool)mine["is_public"]!);
        Assert.Equal([nova.Demo2.ProjectId], mine["projects"]!.AsArray().Select(p => (string)p!));
        Assert.Equal(403, (await nova.Panel.GetAsync(Alice, "/backend/staffapi/openstack/flavors")).Status);
    }

    [Fact]
    public async Task FlavorFilterReturnsTheImagesThatCanBootWithThatFlavor()
    {
        var fitsBoth = await nova.NewImageAsync(nova.Cloud.Demo1);
        var tooBigForTiny = await nova.NewImageAsync(nova.Cloud.Demo1, new JsonObject { ["min_disk"] = 3 });
        var tooHungryForTiny = await nova.NewImageAsync(nova.Cloud.Demo1, new JsonObject { ["min_ram"] = 256 });
        var assignedToSmall = await nova.NewImageAsync(nova.Cloud.Demo1);
        await nova.SyncAllAsync();
        Assert.Equal(200, (await nova.SendAsync(Staff, HttpMethod.Put, $"/backend/staffapi/openstack/images/{assignedToSmall}/flavors",
            new { flavors = new[] { NovaApi.SmallFlavor } })).Status);
        string[] mine = [fitsBoth, tooBigForTiny, tooHungryForTiny, assignedToSmall];

        Assert.Equal([fitsBoth], await FilteredAsync(Alice, NovaApi.TinyFlavor, mine));
        Assert.Equal(mine.Order(), (await FilteredAsync(Alice, NovaApi.SmallFlavor, mine)).Order());
        Assert.Equal(new[] { tooBigForTiny, tooHungryForTiny, assignedToSmall }.Order(),
            (await FilteredAsync(Alice, "", mine, $"flavor__ne:{NovaApi.TinyFlavor}")).Order());

        // Unknown, or private to another client's project: 400, the same answer.
        Assert.Equal(400, (await nova.Panel.GetAsync(Alice, "/backend/api/openstack/images?filtering=flavor:no-such-flavor")).Status);
        Assert.Equal(400, (await nova.Panel.GetAsync(Alice, $"/backend/api/openstack/images?filtering=flavor:{_private}")).Status);
        Assert.Equal(400, (await nova.Panel.GetAsync(Alice, $"/backend/api/openstack/images?filtering=flavor__gt:{_private}")).Status);
    }

    [Fact]
    public async Task AssignedToFlavorTellsWhetherTheCallersProjectsMayUseAnAssignedFlavor()
    {
        var aliceImage = await nova.NewImageAsync(nova.Cloud.Demo1, new JsonObject { ["visibility"] = "public" });
        await nova.SyncAllAsync();
        var url = $"/backend/staffapi/openstack/images/{aliceImage}/flavors";
        Assert.True((bool)(await nova.RetrieveAsync(Alice, "api", aliceImage))!["assigned_to_flavor"]!); // no assignment: any flavor
        Assert.False((bool)(await nova.RetrieveAsync(Staff, "staffapi", aliceImage))!["has_flavors_assigned"]!);

        var (status, body) = await nova.SendAsync(Staff, HttpMethod.Put, url, new { flavors = new[] { _private } });
        Assert.Equal(200, status);
        Assert.True((bool)body!["has_flavors_assigned"]!);
        Assert.True((bool)(await nova.RetrieveAsync(Staff, "staffapi", aliceImage))!["has_flavors_assigned"]!);
        Assert.Null((await nova.RetrieveAsync(Staff, "staffapi", aliceImage))!["assigned_to_flavor"]);
        // Only demo2 may use that private flavor: Bob can boot this public image with it, Alice cannot.
        Assert.False((bool)(await nova.RetrieveAsync(Alice, "api", aliceImage))!["assigned_to_flavor"]!);
        var bobList = await nova.Panel.GetAsync(Bob, $"/backend/api/openstack/images?filtering=visibility:public%2Bid:{aliceImage}");
        Assert.True((bool)bobList.Body!["objects"]![0]!["assigned_to_flavor"]!);

        Assert.Equal(_private, (string?)(await nova.Panel.GetAsync(Staff, url)).Body!["flavors"]![0]!["id"]);
        Assert.Equal(400, (await nova.SendAsync(Staff, HttpMethod.Put, url, new { flavors = new[] { "no-such-flavor" } })).Status);
        Assert.Equal(400, (await nova.SendAsync(Staff, HttpMethod.Put, url, new { flavours = new[] { NovaApi.TinyFlavor } })).Status);
        Assert.Equal(403, (await nova.SendAsync(Alice, HttpMethod.Put, url, new { flavors = Array.Empty<string>() })).Status);
        Assert.Equal(200, (await nova.SendAsync(Staff, HttpMethod.Delete, url)).Status);
        Assert.True((bool)(await nova.RetrieveAsync(Alice, "api", aliceImage))!["assigned_to_flavor"]!);
        Assert.False((bool)(await nova.RetrieveAsync(Staff, "staffapi", aliceImage))!["has_flavors_assigned"]!);
    }

    private async Task<List<string>> FilteredAsync(string token, string flavor, string[] among, string? filtering = null)
    {
        var (status, body) = await nova.Panel.GetAsync(token,
            $"/backend/api/openstack/images?page_size=1000&filtering={Uri.EscapeDataString(filtering ?? "flavor:" + flavor)}");
        Assert.True(status == 200, $"{status} {body?.ToJsonString()}");
        return body!["objects"]!.AsArray().Select(o => (string)o!["id"]!).Where(among.Contains).ToList();
    }
}
