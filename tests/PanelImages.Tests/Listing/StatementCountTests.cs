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
    public int Count => Volatile.Read(ref _count);
    public void Reset() => Interlocked.Exchange(ref _count, 0);

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Interlocked.Increment(ref _count);
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken ct = default)
    {
        Interlocked.Increment(ref _count);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken ct = default)
    {
        Interlocked.Increment(ref _count);
        return ValueTask.FromResult(result);
    }
}

public abstract class StatementCountTests<TWorld>(TWorld world) : IClassFixture<TWorld> where TWorld : WorldFixture
{
    private async Task<int> StatementsFor(string token, string url)
    {
        Assert.Equal(200, (await world.App.GetJsonAsync(token, url)).Status); // warm: token cached, queries compiled
        world.App.Statements.Reset();
        Assert.Equal(200, (await world.App.GetJsonAsync(token, url)).Status);
        return world.App.Statements.Count;
    }

    [Fact]
    public async Task AListPageIssuesAFixedNumberOfStatementsWhateverItsSize()
    {
        // At most: the page, a COUNT (skipped when the page is not full), the page's clients, the page's instances.
        Assert.InRange(await StatementsFor(Staff, "/backend/staffapi/openstack/images?page_size=2"), 3, 4);
        Assert.InRange(await StatementsFor(Staff, "/backend/staffapi/openstack/images?page_size=2&page=2&ordering=-size"), 3, 4);
        Assert.InRange(await StatementsFor(Staff, "/backend/staffapi/openstack/images?page_size=1000"), 2, 3);
        Assert.InRange(await StatementsFor(Alice, "/backend/api/openstack/images?page_size=1"), 3, 4);
        Assert.InRange(await StatementsFor(Alice, "/backend/api/openstack/images/pa-private"), 2, 3);
    }
}

public sealed class StatementCountOnSqlite(SqliteWorld world) : StatementCountTests<SqliteWorld>(world);
public sealed class StatementCountOnPostgres(PostgresWorld world) : StatementCountTests<PostgresWorld>(world);
