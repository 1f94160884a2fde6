using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using PanelImages.Tests.Infrastructure;
using static PanelImages.Tests.Infrastructure.TestWorld;

namespace PanelImages.Tests.Listing;

/// <summary>Counts the SQL statements one app sends.</summary>
public sealed class SqlStatementCounter : DbCommandInterceptor
{
    private int _count;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _texts = new();
    public int Count => Volatile.Read(ref _count);
    /// <summary>The text of every statement since the last <see cref="Reset"/>.</summary>
    public IReadOnlyCollection<string> Texts => _texts;
    public void Reset()
    {
        Interlocked.Exchange(ref _count, 0);
        _texts.Clear();
    }

    private void Seen(DbCommand command)
    {
        Interlocked.Increment(ref _count);
        _texts.Enqueue(command.CommandText);
    }

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Seen(command);
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken ct = default)
    {
        Seen(command);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken ct = default)
    {
        Seen(command);
        return ValueTask.FromResult(result);
    }
}

public abstract class StatementCountTests<TWorld>(TWorld world) : IClassFixture<TWorld> where TWorld : WorldFixture
{
    private async Task<int> StatementsFor(string token, string url)
    {
        // The token lookup is cached for seconds, not part of what is counted: renewed right before counting, so a
        // slow machine does not count it.
        var prefix = url[..(url.IndexOf("/openstack/images", StringComparison.Ordinal) + "/openstack/images".Length)];
        Assert.Equal(200, (await world.App.GetJsonAsync(token, prefix + "/permissions")).Status);
        world.App.Statements.Reset();
        Assert.Equal(200, (await world.App.GetJsonAsync(token, url)).Status);
        return world.App.Statements.Count;
    }

    [Fact]
    public async Task AListPageIssuesAFixedNumberOfStatementsWhateverItsSize()
    {
        foreach (var token in new[] { Staff, Alice }) // the token lookup is cached: not part of what is counted
            Assert.Equal(200, (await world.App.GetJsonAsync(token, "/backend/api/openstack/images/permissions".Replace("/api/", token == Staff ? "/staffapi/" : "/api/"))).Status);
        // At most: what moved since the last look (SQLite; PostgreSQL hears it), the page with its clients and
        // instances joined, a COUNT (skipped when the page is not full); end users and resellers: the assigned flavors.
        Assert.InRange(await StatementsFor(Staff, "/backend/staffapi/openstack/images?page_size=2"), 1, 3);
        Assert.InRange(await StatementsFor(Staff, "/backend/staffapi/openstack/images?page_size=2&page=2&ordering=-size"), 1, 3);
        Assert.InRange(await StatementsFor(Staff, "/backend/staffapi/openstack/images?page_size=1000"), 1, 3);
        Assert.InRange(await StatementsFor(Alice, "/backend/api/openstack/images?page_size=1"), 1, 4);
        Assert.InRange(await StatementsFor(Alice, "/backend/api/openstack/images/pa-private"), 2, 4);
    }

    [Fact]
    public async Task ARepeatedPageOfAnUnchangedCatalogueIsOneStatementOnSqliteAndNoneOnPostgres()
    {
        const string url = "/backend/staffapi/openstack/images?page_size=3&ordering=name";
        await Caching.Waiting.UntilListeningAsync(world.App);
        var first = await world.App.GetJsonAsync(Staff, url);
        // SQLite: what moved since the last look; PostgreSQL: nothing, the listener heard of every change.
        Assert.Equal(world.App.Kind == DatabaseKind.Sqlite ? 1 : 0, await StatementsFor(Staff, url));
        var again = await world.App.GetJsonAsync(Staff, url);
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(first.Body, again.Body));
    }

    [Fact]
    public async Task ACachedPageChangesAsSoonAsTheCatalogueDoes()
    {
        const string url = "/backend/api/openstack/images?filtering=name__icontains:pa-community";
        var (_, before) = await world.App.GetJsonAsync(Alice, url);
        Assert.Equal("Alpha", (string)before!["objects"]![0]!["client"]!["name"]!);
        await world.App.SeedAsync(async db =>
        {
            (await db.Clients.FindAsync(ClientA))!.Name = "Alpha Renamed";
            (await db.Images.FindAsync("r1", "pa-community") ?? await db.Images.FindAsync("r2", "pa-community"))!.MinDisk = 99;
        });
        var (_, after) = await world.App.GetJsonAsync(Alice, url);
        Assert.Equal("Alpha Renamed", (string)after!["objects"]![0]!["client"]!["name"]!);
        Assert.Equal(99, (int)after["objects"]![0]!["min_disk"]!);
        await world.App.SeedAsync(async db => (await db.Clients.FindAsync(ClientA))!.Name = "Alpha");
    }
}

public sealed class StatementCountOnSqlite(SqliteWorld world) : StatementCountTests<SqliteWorld>(world);
public sealed class StatementCountOnPostgres(PostgresWorld world) : StatementCountTests<PostgresWorld>(world);
