using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PanelImages.Caching;
using PanelImages.Catalog;
using PanelImages.Tests.Infrastructure;
using static PanelImages.Tests.Infrastructure.TestWorld;

namespace PanelImages.Tests.Caching;

/// <summary>
/// A change invalidates only the cached answers of callers who can see it, and reaches those at once: each test
/// fills caches, changes one image (or membership), then asks again and checks both the answer and whether it was
/// served from the cache.
/// </summary>
public abstract class ScopedInvalidationTests<TWorld>(TWorld world) : IClassFixture<TWorld> where TWorld : WorldFixture
{
    private const string EndUserList = "/backend/api/openstack/images?page_size=100";
    private const string StaffList = "/backend/staffapi/openstack/images?page_size=100";
    private const string ResellerList = "/backend/resellerapi/openstack/images?page_size=100";
    private static int _bump = 100;

    private ResponseCache Cache => world.App.Services.GetRequiredService<ResponseCache>();

    private async Task<(JsonNode Body, bool FromCache)> GetAsync(string token, string url)
    {
        var hits = Cache.Hits;
        var (status, body) = await world.App.GetJsonAsync(token, url);
        Assert.Equal(200, status);
        return (body!, Cache.Hits > hits);
    }

    private static JsonNode? Find(JsonNode page, string id) =>
        page["objects"]!.AsArray().FirstOrDefault(o => (string)o!["id"]! == id);

    /// <summary>Gives the image a new min_disk (through the app's own DbContext) and returns it.</summary>
    private async Task<int> ChangeAsync(string id)
    {
        var minDisk = Interlocked.Increment(ref _bump);
        await world.App.SeedAsync(async db => (await db.Images.SingleAsync(i => i.Id == id)).MinDisk = minDisk);
        return minDisk;
    }

    [Fact]
    public async Task AChangeToOneClientsImageLeavesAnotherClientsCachedPageServed()
    {
        await GetAsync(Alice, EndUserList);
        var (bobBefore, _) = await GetAsync(Bob, EndUserList);
        Assert.True((await GetAsync(Bob, EndUserList)).FromCache);

        var minDisk = await ChangeAsync("pa-private");

        var (alice, aliceFromCache) = await GetAsync(Alice, EndUserList);
        Assert.False(aliceFromCache);
        Assert.Equal(minDisk, (int)Find(alice, "pa-private")!["min_disk"]!);
        var (bob, bobFromCache) = await GetAsync(Bob, EndUserList);
        Assert.True(bobFromCache);
        Assert.True(JsonNode.DeepEquals(bobBefore, bob));
        Assert.Null(Find(bob, "pa-private"));
    }

    [Fact]
    public async Task AChangeToAnImageSharedWithAClientReachesItsCachedPageAtOnce()
    {
        await GetAsync(Bob, EndUserList);
        var minDisk = await ChangeAsync("pa-shared"); // client A's, accepted by Bob's project

        var (bob, fromCache) = await GetAsync(Bob, EndUserList);
        Assert.False(fromCache);
        Assert.Equal(minDisk, (int)Find(bob, "pa-shared")!["min_disk"]!);
    }

    [Fact]
    public async Task AMembershipAnsweredByAConsumerMovesTheConsumersPageAtOnce()
    {
        Assert.NotNull(Find((await GetAsync(Bob, EndUserList)).Body, "pa-shared"));
        await SetMemberStatusAsync("pa-shared", "pb", MemberStatus.Rejected);
        try
        {
            Assert.Null(Find((await GetAsync(Bob, EndUserList)).Body, "pa-shared"));
        }
        finally { await SetMemberStatusAsync("pa-shared", "pb", MemberStatus.Accepted); }
        Assert.NotNull(Find((await GetAsync(Bob, EndUserList)).Body, "pa-shared"));
    }

    private Task SetMemberStatusAsync(string imageId, string project, string status) =>
        world.App.SeedAsync(async db =>
            (await db.ImageMembers.SingleAsync(m => m.ImageId == imageId && m.ProjectId == project)).Status = status);

    [Fact]
    public async Task APublicChangeReachesWhoAskedForPublicImagesStaffAndResellersAndNoOneElse()
    {
        const string publicList = EndUserList + "&filtering=visibility:public";
        foreach (var (token, url) in new[] { (Bob, publicList), (Bob, EndUserList), (Staff, StaffList), (Reseller, ResellerList) })
            await GetAsync(token, url);

        var minDisk = await ChangeAsync("pd-public"); // client D's: no end user here owns it

        var (bobPublic, bobPublicFromCache) = await GetAsync(Bob, publicList);
        Assert.False(bobPublicFromCache);
        Assert.Equal(minDisk, (int)Find(bobPublic, "pd-public")!["min_disk"]!);
        Assert.True((await GetAsync(Bob, EndUserList)).FromCache);
        var (staff, staffFromCache) = await GetAsync(Staff, StaffList);
        Assert.False(staffFromCache);
        Assert.Equal(minDisk, (int)Find(staff, "pd-public")!["min_disk"]!);
        var (reseller, resellerFromCache) = await GetAsync(Reseller, ResellerList);
        Assert.False(resellerFromCache);
        Assert.Equal(minDisk, (int)Find(reseller, "pd-public")!["min_disk"]!);
    }

    [Fact]
    public async Task AResellersCachedPageMovesWithItsClientsAndAttributedImagesOnly()
    {
        await GetAsync(Reseller, ResellerList);
        await ChangeAsync("pb-private"); // client B is not the reseller's
        Assert.True((await GetAsync(Reseller, ResellerList)).FromCache);

        foreach (var id in new[] { "pc-private", "pd-resold" }) // its client's; attributed to it
        {
            var minDisk = await ChangeAsync(id);
            var (page, fromCache) = await GetAsync(Reseller, ResellerList);
            Assert.False(fromCache);
            Assert.Equal(minDisk, (int)Find(page, id)!["min_disk"]!);
        }
    }

    [Fact]
    public async Task RetrieveByIdIsCachedPerCallerAndMovesWithTheImage()
    {
        const string url = "/backend/api/openstack/images/pa-private";
        await GetAsync(Alice, url);
        Assert.True((await GetAsync(Alice, url)).FromCache);
        // Another client's cached retrieve of the same URL is not Bob's: still 404.
        Assert.Equal(404, (await world.App.GetJsonAsync(Bob, url)).Status);

        await ChangeAsync("pd-private"); // client D's, no members
        Assert.True((await GetAsync(Alice, url)).FromCache);

        var minDisk = await ChangeAsync("pa-private");
        var (image, fromCache) = await GetAsync(Alice, url);
        Assert.False(fromCache);
        Assert.Equal(minDisk, (int)image["min_disk"]!);
    }

    [Fact]
    public async Task ADeletedImageLeavesCachedRetrieveAndListAtOnce()
    {
        const string url = "/backend/api/openstack/images/pa-community";
        await GetAsync(Alice, url);
        string? status = null;
        await world.App.SeedAsync(async db =>
        {
            var image = await db.Images.SingleAsync(i => i.Id == "pa-community");
            status = image.Status;
            image.Status = "deleted";
        });
        try
        {
            Assert.Equal(404, (await world.App.GetJsonAsync(Alice, url)).Status);
            Assert.Null(Find((await GetAsync(Alice, EndUserList)).Body, "pa-community"));
        }
        finally
        {
            await world.App.SeedAsync(async db => (await db.Images.SingleAsync(i => i.Id == "pa-community")).Status = status);
        }
    }
}

public sealed class ScopedInvalidationOnSqlite(SqliteWorld world) : ScopedInvalidationTests<SqliteWorld>(world);
public sealed class ScopedInvalidationOnPostgres(PostgresWorld world) : ScopedInvalidationTests<PostgresWorld>(world);
