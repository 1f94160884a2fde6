using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PanelImages.Audit;
using PanelImages.Catalog;
using PanelImages.Images;
using PanelImages.OpenStack;

namespace PanelImages.Cleanup;

/// <summary>
/// Deletes in Glance the images whose cleanup date has passed, batch by batch, re-planned from the catalogue each
/// time. Each image is read back from Glance first (a protected flag or a deletion made meanwhile wins), deleted,
/// tombstoned and audit-logged (actor <c>cleanup</c>) in one catalogue transaction. After a crash mid-run the next run
/// finds what is left: an image Glance already deleted answers 404 and is tombstoned then, never deleted twice.
/// </summary>
public sealed class CleanupJob(IServiceScopeFactory scopes, RegionGlance glance, IOptions<CleanupOptions> options,
    TimeProvider time, ILogger<CleanupJob> logger)
{
    public const string Actor = "cleanup";
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<CleanupRun> RunAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try { return await RunLockedAsync(ct); }
        finally { _gate.Release(); }
    }

    private async Task<CleanupRun> RunLockedAsync(CancellationToken ct)
    {
        var o = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
        await CleanupPolicy.ApplyDefaultAsync(db, o.Default, ct);
        var run = db.CleanupRuns.Add(new CleanupRun { StartedAt = time.GetUtcNow().UtcDateTime }).Entity;
        await db.SaveChangesAsync(ct);
        var errors = new List<string>();
        var failed = new HashSet<(string, string)>();
        while (run.Deleted + run.AlreadyGone + run.Failed < o.MaxPerRun)
        {
            var now = time.GetUtcNow().UtcDateTime;
            var batch = (await CleanupPolicy.DueAsync(db, now, o.BatchSize + failed.Count, ct))
                .Where(c => !failed.Contains((c.Image.Region, c.Image.Id))).Take(o.BatchSize).ToList();
            if (batch.Count == 0) break;
            run.Due += batch.Count;
            foreach (var candidate in batch)
            {
                var outcome = await DeleteOneAsync(db, candidate, now, ct);
                switch (outcome)
                {
                    case null: run.Deleted++; break;
                    case "gone": run.AlreadyGone++; break;
                    case "skipped": break;
                    default:
                        run.Failed++;
                        failed.Add((candidate.Image.Region, candidate.Image.Id));
                        if (errors.Count < 20) errors.Add($"{candidate.Image.Region}/{candidate.Image.Id}: {outcome}");
                        break;
                }
            }
            db.ChangeTracker.Clear();
            db.Attach(run);
            run.Errors = errors.Count == 0 ? null : string.Join('\n', errors);
            await db.SaveChangesAsync(ct);
        }
        run.FinishedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(CancellationToken.None);
        if (run.Deleted + run.AlreadyGone + run.Failed > 0)
            logger.LogInformation("Cleanup: {Deleted} deleted, {Gone} already gone, {Failed} failed", run.Deleted, run.AlreadyGone, run.Failed);
        return run;
    }

    /// <summary>null = deleted; "gone" = Glance had already deleted it; "skipped" = no longer due; else the error.</summary>
    private async Task<string?> DeleteOneAsync(CatalogDb db, CleanupCandidate candidate, DateTime now, CancellationToken ct)
    {
        var image = candidate.Image;
        try
        {
            var region = await glance.ForAsync(image.Region, ct);
            var fresh = await CatalogWriteThrough.RefreshAsync(db, region, image.Id, ct);
            string outcome;
            if (fresh is null) outcome = "gone";
            else if (Listing.ImageJson.CleanupDate(fresh, candidate.Client) is not DateTime due || due > now || fresh.Status == "deleted")
                return "skipped"; // protected, retyped or re-owned meanwhile: Glance's word wins
            else
            {
                outcome = await region.DeleteImageAsync(image.Id, ct) ? "deleted" : "gone";
            }
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await CatalogWriteThrough.TombstoneAsync(db, image.Region, image.Id, ct);
            db.AuditLog.Add(new AuditEntry
            {
                At = now, UserId = 0, Username = Actor, Audience = "System", ClientId = candidate.Client.Id, ImageId = image.Id,
                Region = image.Region, Action = "destroy", Outcome = "success", StatusCode = outcome == "gone" ? 404 : 204,
                Detail = (outcome == "gone" ? "already deleted in Glance; " : "") + candidate.Reason,
            });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return outcome == "gone" ? "gone" : null;
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is OpenStackException or Errors.ApiException)
        {
            logger.LogWarning("Cleanup of {Region}/{Image} failed: {Error}", image.Region, image.Id, e.Message);
            db.AuditLog.Add(new AuditEntry
            {
                At = now, UserId = 0, Username = Actor, Audience = "System", ClientId = candidate.Client.Id, ImageId = image.Id,
                Region = image.Region, Action = "destroy", Outcome = "failure", StatusCode = 502, Detail = e.Message,
            });
            await db.SaveChangesAsync(ct);
            return e.Message;
        }
    }
}
