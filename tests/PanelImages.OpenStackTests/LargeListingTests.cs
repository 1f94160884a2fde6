using Microsoft.EntityFrameworkCore;
using PanelImages.OpenStackTests.Infrastructure;
using PanelImages.Sync;

namespace PanelImages.OpenStackTests;

/// <summary>
/// Images over several Glance pages all arrive, and a Keystone token that dies mid-sync is renewed. The pages are
/// made small (OpenStack:PageSize; production asks for Glance's maximum, 1000) so that a few hundred images cross
/// several of them: each create costs the loopback Keystone ~0.3 s of CPU for Glance's unified-limits check, and
/// 1,050 creates took five minutes of every CI run.
/// </summary>
public sealed class LargeListingTests : IAsyncLifetime
{
    private const int Count = 450;
    private const int PageSize = 200;
    private readonly SyncedPanel _panel = new();
    private readonly string _prefix = Cloud.UniquePrefix("big");
    private List<string> _ids = [];

    public async Task InitializeAsync()
    {
        _panel.Settings["OpenStack:PageSize"] = PageSize.ToString();
        await _panel.StartAsync();
        _ids = await _panel.Cloud.Demo2.CreateManyAsync(_prefix, Count);
    }

    public async Task DisposeAsync()
    {
        await _panel.Cloud.Demo2.DeleteManyAsync(_ids);
        await _panel.DisposeAsync();
    }

    [Fact]
    public async Task Images_over_several_glance_pages_all_arrive_and_counts_match_glance_exactly()
    {
        var before = (await _panel.Cloud.Admin.ListAllAsync()).Select(i => i.GetProperty("id").GetString()!).ToHashSet();
        var result = await _panel.SyncOkAsync(SyncKind.Full);
        var after = (await _panel.Cloud.Admin.ListAllAsync()).Select(i => i.GetProperty("id").GetString()!).ToHashSet();

        // Every row of a fresh catalogue: Glance itself lists a few images in status "deleted" (a DELETE that failed
        // half-way on its SQLite), and those are stored as Glance shows them.
        var stored = await _panel.WithDbAsync(db => db.Images.Where(i => i.Region == "RegionOne" && i.DeletedAt == null).Select(i => i.Id).ToListAsync());
        Assert.Equal(stored.Count, stored.Distinct().Count());
        Assert.Superset(_ids.ToHashSet(), stored.ToHashSet());
        var ours = stored.Where(_ids.Contains).ToList();
        Assert.Equal(Count, ours.Count);
        Assert.Equal(Count, await _panel.CountAsync(SyncedPanel.Bob, _prefix));
        if (before.SetEquals(after)) // nobody else changed Glance meanwhile: the catalogue is exactly Glance
        {
            Assert.True(after.SetEquals(stored), $"catalogue {stored.Count} vs Glance {after.Count}");
        }

        // A second full sync changes nothing and duplicates nothing.
        var again = await _panel.SyncOkAsync(SyncKind.Full);
        Assert.Equal(0, again.Created);
        Assert.Equal(stored.Count, await _panel.WithDbAsync(db => db.Images.CountAsync(i => i.Region == "RegionOne" && i.DeletedAt == null)));
    }

    [Fact]
    public async Task A_token_revoked_in_keystone_mid_sync_is_renewed_without_failing_the_sync()
    {
        await using var panel = new SyncedPanel();
        panel.Settings["OpenStack:PageSize"] = "100";
        await panel.StartAsync();
        var keystone = panel.Keystone;
        var revoked = 0;
        var authenticationsBefore = -1;

        var result = await panel.SyncOkAsync(SyncKind.Full, progress =>
        {
            // After the second page: take a fresh token (Glance has never seen it, so no cache of Glance's can hide
            // the revocation) and revoke it in Keystone before the next page asks Glance with it.
            if (progress.Done || Interlocked.Increment(ref revoked) != 2) return;
            keystone.Forget();
            var token = keystone.GetTokenAsync(CancellationToken.None).GetAwaiter().GetResult();
            authenticationsBefore = keystone.Authentications;
            panel.Cloud.Admin.RevokeAsync(token.Value).GetAwaiter().GetResult();
        });

        Assert.True(authenticationsBefore > 0, "the sync had fewer than three pages");
        Assert.Equal(authenticationsBefore + 1, keystone.Authentications); // exactly one re-authentication after the 401
        Assert.True(result.Seen >= Count);
        Assert.Equal(Count, await panel.WithDbAsync(db => db.Images.CountAsync(i => i.Name!.StartsWith(_prefix))));
    }
}
