using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using PanelImages.Catalog;

namespace PanelImages.Caching;

/// <summary>
/// Keeps <see cref="CatalogChanges"/> current. PostgreSQL: LISTEN on one connection of its own; every notification
/// (and every quiet interval, which doubles as a liveness probe) reads what moved. Until it has listened and caught
/// up, and from the moment that connection fails, <see cref="CatalogChanges.Listening"/> is false and requests read
/// the changes themselves. SQLite: no notifications exist, so it polls, only while live event streams are open.
/// </summary>
public sealed class CatalogChangeListener(
    CatalogChanges changes, IOptions<CatalogOptions> catalog, IOptions<CachingOptions> options,
    IServiceScopeFactory scopes, ILogger<CatalogChangeListener> logger) : BackgroundService
{
    public const string ApplicationName = "panelimages-catalog-listener";

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (catalog.Value.IsPostgres) await ListenAsync(TimeSpan.FromMilliseconds(options.Value.ListenerProbeMilliseconds), stop);
                else await PollAsync(TimeSpan.FromMilliseconds(options.Value.PollMilliseconds), stop);
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                changes.Listening = false;
                logger.LogWarning("Catalogue change notifications lost ({Error}); answers read changes per request " +
                    "until they are back.", e.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(options.Value.ListenerRetryMilliseconds), stop);
            }
            finally { changes.Listening = false; }
        }
    }

    private async Task ListenAsync(TimeSpan probe, CancellationToken stop)
    {
        var builder = new NpgsqlConnectionStringBuilder(catalog.Value.EffectiveConnectionString)
            { ApplicationName = ApplicationName, Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(stop);
        await using (var listen = new NpgsqlCommand($"LISTEN {CacheTriggers.Channel}", connection))
            await listen.ExecuteNonQueryAsync(stop);
        // Listening first, then catching up: nothing committed in between is missed.
        await changes.RefreshAsync(connection, stop);
        changes.Listening = true;
        while (!stop.IsCancellationRequested)
        {
            await connection.WaitAsync(probe, stop);
            await changes.RefreshAsync(connection, stop);
        }
    }

    private async Task PollAsync(TimeSpan interval, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(interval);
        do
        {
            if (changes.SubscriberCount == 0) continue;
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
            await db.Database.OpenConnectionAsync(stop);
            try { await changes.RefreshAsync(db.Database.GetDbConnection(), stop); }
            finally { await db.Database.CloseConnectionAsync(); }
        } while (await timer.WaitForNextTickAsync(stop));
    }
}
