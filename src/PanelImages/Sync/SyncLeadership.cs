using Microsoft.Extensions.Options;
using Npgsql;
using PanelImages.Catalog;

namespace PanelImages.Sync;

/// <summary>
/// With several instances on one PostgreSQL catalogue, exactly one runs the background sync: the holder of a
/// session-level advisory lock on a connection of its own. When that instance stops or dies its connection closes,
/// the lock is free, and another instance takes it at its next interval. An embedded SQLite catalogue has one
/// instance, which always leads.
/// </summary>
public sealed class SyncLeadership(IOptions<CatalogOptions> catalog, ILogger<SyncLeadership> logger) : IAsyncDisposable
{
    // Any fixed 64-bit key; "PIMGSYNC" in ASCII.
    private const long LockKey = 0x50494D4753594E43;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private NpgsqlConnection? _held;
    private bool _steppedDown;

    /// <summary>Whether this instance led at its last check.</summary>
    public bool IsLeader { get; private set; }

    public string Instance { get; } = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>Keeps or takes the lead; false while another instance holds it (or the database cannot be reached).</summary>
    public async Task<bool> TryLeadAsync(CancellationToken ct)
    {
        if (_steppedDown) return IsLeader = false;
        if (!catalog.Value.IsPostgres) return IsLeader = true;
        await _gate.WaitAsync(ct);
        try
        {
            if (_steppedDown) return IsLeader = false;
            if (_held is not null)
            {
                try
                {
                    // The lock lives as long as this session: make sure the session still does.
                    await using var ping = new NpgsqlCommand("SELECT 1", _held);
                    await ping.ExecuteScalarAsync(ct);
                    return IsLeader = true;
                }
                catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
                {
                    logger.LogWarning("Lost the sync lead: its database session ended ({Error}).", e.Message);
                    await ReleaseAsync();
                }
            }
            var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(catalog.Value.EffectiveConnectionString)
            {
                Pooling = false, ApplicationName = "panelimages-sync-leader",
            }.ConnectionString);
            try
            {
                await connection.OpenAsync(ct);
                await using var take = new NpgsqlCommand($"SELECT pg_try_advisory_lock({LockKey})", connection);
                if (await take.ExecuteScalarAsync(ct) is true)
                {
                    _held = connection;
                    if (!IsLeader) logger.LogInformation("Instance {Instance} now runs the OpenStack sync.", Instance);
                    return IsLeader = true;
                }
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                logger.LogWarning("Could not check the sync lead: {Error}", e.Message);
            }
            await connection.DisposeAsync();
            if (IsLeader) logger.LogInformation("Instance {Instance} no longer runs the OpenStack sync.", Instance);
            return IsLeader = false;
        }
        finally { _gate.Release(); }
    }

    private async Task ReleaseAsync()
    {
        if (_held is null) return;
        await _held.DisposeAsync(); // closing the session releases the lock
        _held = null;
        IsLeader = false;
    }

    /// <summary>
    /// At shutdown (SIGTERM), before in-flight requests drain: gives the lead up for good, so that another instance
    /// takes it at its next check instead of waiting for this process to exit.
    /// </summary>
    public async Task StepDownAsync()
    {
        await _gate.WaitAsync();
        try
        {
            _steppedDown = true;
            if (_held is not null) logger.LogInformation("Instance {Instance} gives up the sync lead: shutting down.", Instance);
            await ReleaseAsync();
            IsLeader = false;
        }
        finally { _gate.Release(); }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try { await ReleaseAsync(); }
        finally { _gate.Release(); }
    }
}
