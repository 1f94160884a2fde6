using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PanelImages.Caching;
using PanelImages.Catalog;
using PanelImages.Tests.Infrastructure;
using static PanelImages.Tests.Infrastructure.TestWorld;

namespace PanelImages.Tests.Caching;

/// <summary>Cached answers are exact only if every table they are rendered from moves their scope when it changes.</summary>
public abstract partial class CacheTriggersTests<TWorld>(TWorld world) : IClassFixture<TWorld> where TWorld : WorldFixture
{
    [GeneratedRegex("""\b(?:FROM|JOIN)\s+"?([a-z_]+)"?""", RegexOptions.IgnoreCase)]
    private static partial Regex TableReference();

    [Fact]
    public async Task EveryTableReadWhileRenderingAnAnswerMovesTheCache()
    {
        var requests = new[]
        {
            (Staff, "/backend/staffapi/openstack/images?page_size=7&search=u&filtering=status__ne:x"),
            (Alice, "/backend/api/openstack/images?page_size=7&filtering=visibility:public"),
            (Alice, "/backend/api/openstack/images?page_size=7&filtering=visibility:community"),
            (Reseller, "/backend/resellerapi/openstack/images?page_size=7"),
            (Alice, "/backend/api/openstack/images/pa-private"),
            (Staff, "/backend/staffapi/openstack/images/pb-shared"),
        };
        foreach (var (token, url) in requests) // authenticates (the caller is cached apart) and fills the caches
            Assert.Equal(200, (await world.App.GetJsonAsync(token, url)).Status);
        await world.App.SeedAsync(async db => (await db.Clients.FindAsync(ClientA))!.CleanupDays += 1); // moves every scope above
        world.App.Statements.Reset();
        foreach (var (token, url) in requests)
            Assert.Equal(200, (await world.App.GetJsonAsync(token, url)).Status);

        var read = world.App.Statements.Texts.SelectMany(sql => TableReference().Matches(sql).Select(m => m.Groups[1].Value))
            .ToHashSet();
        Assert.Contains("images", read);
        Assert.Contains("clients", read);
        read.Remove(CacheTriggers.ScopeTable); // the versions themselves
        // Who the caller is (looked up apart, cached for seconds) is part of every key, not of what moves an answer.
        read.ExceptWith(["api_tokens", "users", "client_users", "permission_grants"]);
        var watched = CacheTriggers.Tables.Select(t => t.Name).ToHashSet();
        Assert.Empty(read.Except(watched));

        await world.App.SeedAsync(async db =>
        {
            foreach (var table in watched)
                Assert.True(await TriggerCountAsync(db, table) >= 3, $"{table} has no cache triggers");
        });
    }

    private static async Task<int> TriggerCountAsync(CatalogDb db, string table) => db is SqliteCatalogDb
        ? await db.Database.SqlQuery<int>($"SELECT count(*) AS \"Value\" FROM sqlite_master WHERE type = 'trigger' AND tbl_name = {table} AND name LIKE '%moves_caches'").SingleAsync()
        : await db.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM pg_trigger WHERE tgrelid = {table}::regclass AND tgname LIKE '%moves_caches'").SingleAsync();
}

public sealed class CacheTriggersOnSqlite(SqliteWorld world) : CacheTriggersTests<SqliteWorld>(world);
public sealed class CacheTriggersOnPostgres(PostgresWorld world) : CacheTriggersTests<PostgresWorld>(world);

public sealed class VersionedCacheBoundTests
{
    [Fact]
    public void CountsWithLongFilterKeysStayWithinTheConfiguredBytes()
    {
        const long limit = 64 * 1024;
        var cache = new CountCache(Options.Create(new CachingOptions { CountBytes = limit }));
        for (var i = 0; i < 5_000; i++) cache.Set($"filter:{i}:" + new string('x', 2_000), 1, i); // ~20 MB of keys offered
        Assert.InRange(cache.EstimatedBytes, 1, limit);
    }

    [Fact]
    public void AnEntryIsServedOnlyAtTheVersionItWasComputedAt()
    {
        var cache = new CountCache(Options.Create(new CachingOptions()));
        cache.Set("k", 41, 7);
        Assert.True(cache.TryGet("k", 41, out var count));
        Assert.Equal(7, count);
        Assert.False(cache.TryGet("k", 42, out _));
        cache.Set("k", 42, 8);
        Assert.False(cache.TryGet("k", 41, out _));
    }
}
