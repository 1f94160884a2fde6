using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PanelImages.Catalog;
using PanelImages.Listing;

namespace PanelImages.Cleanup;

/// <summary>Staff: the cleanup job's settings, its last run (counts, errors) and the next images it would delete, and why.</summary>
public static class CleanupApi
{
    public const int CandidatesShown = 50;

    public static IEndpointRouteBuilder MapCleanupApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/backend/staffapi/openstack/cleanup").RequireAuthorization(nameof(Audience.Staff)).WithTags("Cleanup (Staff)")
            .MapGet("", Status).WithName("StaffCleanupStatus")
            .WithSummary($"Last run, its counts and errors, the default policy, and the next {CandidatesShown} candidates with the reason.");
        return app;
    }

    private static async Task<IResult> Status(CatalogDb db, IOptions<CleanupOptions> options, TimeProvider time, CancellationToken ct)
    {
        var o = options.Value;
        var last = await db.CleanupRuns.AsNoTracking().OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var next = await CleanupPolicy.DueAsync(db, now, CandidatesShown, ct);
        return TypedResults.Ok(new
        {
            enabled = o.Enabled, interval_minutes = o.IntervalMinutes, batch_size = o.BatchSize, max_per_run = o.MaxPerRun,
            default_policy = new { enabled = o.Default.Enabled, days = o.Default.Days, types = o.Default.Types },
            last_run = last is null ? null : new
            {
                started_at = last.StartedAt, finished_at = last.FinishedAt, due = last.Due, deleted = last.Deleted,
                already_gone = last.AlreadyGone, failed = last.Failed, errors = last.Errors?.Split('\n') ?? [],
            },
            next_run_at = last is null ? (DateTime?)null : last.StartedAt.AddMinutes(o.IntervalMinutes),
            next_candidates = next.Select(c => new
            {
                id = c.Image.Id, region = c.Image.Region, name = c.Image.Name, type = c.Image.Type, client = c.Client.Id,
                created_at = c.Image.CreatedAt, cleanup_date = ImageJson.FormatTime(c.DueAt), reason = c.Reason,
            }),
        });
    }
}
