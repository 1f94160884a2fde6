using Microsoft.EntityFrameworkCore;
using PanelImages.Flavors;
using PanelImages.Tests.Infrastructure;
using static PanelImages.Tests.Infrastructure.TestWorld;

namespace PanelImages.Tests.Caching;

/// <summary>
/// Flavors have no version triggers: the flavor sync moves every cached answer by hand (CatalogVersionBump). On one
/// PostgreSQL, the other instance must hear of it through NOTIFY — its listener's probe is set beyond the test, so
/// nothing else could tell it.
/// </summary>
public sealed class FlavorChangeNotifyTests(PostgresWorld world) : IClassFixture<PostgresWorld>, IAsyncLifetime
{
    private const string Image = "/backend/api/openstack/images/pa-private";
    private readonly PanelApp _b = world.App.AnotherInstance();

    public async Task InitializeAsync()
    {
        _b.Settings["Caching:ListenerProbeMilliseconds"] = "600000";
        await world.App.SeedAsync(async db =>
        {
            // A private flavor no project of alice's may use, the only one pa-private is assigned to.
            var image = await db.Images.SingleAsync(i => i.Id == "pa-private");
            db.Flavors.Add(new Flavor { Region = image.Region, Id = "f-notify", Name = "m1.notify", Ram = 512, Disk = 1, IsPublic = false, SyncedAt = Epoch });
            image.FlavorIds = ["f-notify"];
        });
        await Waiting.UntilListeningAsync(world.App);
        await Waiting.UntilListeningAsync(_b);
    }

    public async Task DisposeAsync() => await _b.DisposeAsync();

    private async Task<bool?> AssignedToFlavorOnBAsync()
    {
        var (status, image) = await _b.GetJsonAsync(Alice, Image);
        Assert.Equal(200, status);
        return (bool?)image!["assigned_to_flavor"];
    }

    [Fact]
    public async Task AFlavorSyncedOnOneInstanceReachesTheOthersCachedAnswerThroughNotify()
    {
        Assert.False(await AssignedToFlavorOnBAsync()); // now cached on B
        await world.App.SeedAsync(async db =>
        {
            (await db.Flavors.SingleAsync(f => f.Id == "f-notify")).ProjectIds = ["pa"]; // Nova granted alice's project access
            await db.SaveChangesAsync();
            await PanelImages.Nova.CatalogVersionBump.BumpAsync(db, CancellationToken.None); // as the flavor sync does after its writes
        });
        await Waiting.UntilAsync(async () => await AssignedToFlavorOnBAsync() == true, "instance B to serve the flavor change made on A");
    }
}
