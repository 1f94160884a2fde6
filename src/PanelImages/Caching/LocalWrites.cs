using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PanelImages.Caching;

/// <summary>
/// This process's own writes (SaveChanges, ExecuteUpdate, raw SQL) tell <see cref="CatalogChanges"/> at once, so the
/// next answer here reads what they moved instead of waiting for the notification: a panel sees its own change.
/// Marked after each writing command and again after each commit (a command inside a transaction is not yet visible).
/// </summary>
public sealed class LocalWriteCommands(CatalogChanges changes) : DbCommandInterceptor
{
    private void Seen(DbCommand command)
    {
        if (!command.CommandText.AsSpan().TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase))
            changes.LocalWrite();
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Seen(command);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result,
        CancellationToken ct = default)
    {
        Seen(command);
        return ValueTask.FromResult(result);
    }

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Seen(command);
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData,
        DbDataReader result, CancellationToken ct = default)
    {
        Seen(command);
        return ValueTask.FromResult(result);
    }
}

public sealed class LocalWriteCommits(CatalogChanges changes) : DbTransactionInterceptor
{
    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        changes.LocalWrite();

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData,
        CancellationToken ct = default)
    {
        changes.LocalWrite();
        return Task.CompletedTask;
    }
}
