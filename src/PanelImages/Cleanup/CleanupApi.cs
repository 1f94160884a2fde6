using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PanelImages.Catalog;
using PanelImages.Listing;
using PanelImages.OpenApi;
using PanelImages.OpenApi.Schemas;

namespace PanelImages.Cleanup;

/// <summary>Staff: the cleanup job's settings, its last run (counts, errors) and the next images it would delete, and why.</summary>
public static class CleanupApi
{
    public const int CandidatesShown = 50;

    public static IEndpointRouteBuilder MapCleanupApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/backend/staffapi/openstack/cleanup").RequireAuthorization(nameof(Audience.Staff)).WithTags("Cleanup (Staff)")
            .MapGet("", Status).WithName("StaffCleanupStatus").DescribesCleanupStatus()
            .WithSummary($"Last run, its counts and errors, the default policy, and the next {CandidatesShown} candidates with the reason.");
        return app;
    }

    private static async Task<IResult> Status(CatalogDb db, IOptions<CleanupOptions> options, TimeProvider time, CancellationToken ct)
    {
        var o = options.Value;
        var last = await db.CleanupRuns.AsNoTracking().OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var next = await CleanupPolicy.DueAsync(db, now, CandidatesShown, ct);
        return TypedResults.Ok(new CleanupStatus(o.Enabled, o.IntervalMinutes, o.BatchSize, o.MaxPerRun,
            new CleanupDefaultPolicy(o.Default.Enabled, o.Default.Days, o.Default.Types),
            last is null ? null : new CleanupLastRun(last.StartedAt, last.FinishedAt, last.Due, last.Deleted, last.AlreadyGone, last.Failed,
                last.Errors?.Split('\n') ?? []),
            last?.StartedAt.AddMinutes(o.IntervalMinutes),
            [.. next.Select(c => new CleanupCandidateBody(c.Image.Id, c.Image.Region, c.Image.Name, c.Image.Type, c.Client.Id,
                c.Image.CreatedAt, ImageJson.FormatTime(c.DueAt), c.Reason))]));
    }
}
