using System.Text.Json.Serialization;

namespace PanelImages.OpenApi.Schemas;

// The staff cleanup route (Cleanup/CleanupApi.cs) writes these records itself.

/// <summary>The cleanup job's settings (Cleanup:*), its last run and the next images it would delete.</summary>
/// <param name="NextRunAt">The last run's start + the interval; null before the first run.</param>
public sealed record CleanupStatus(
    [property: JsonPropertyName("enabled")] bool Enabled,
    [property: JsonPropertyName("interval_minutes")] int IntervalMinutes,
    [property: JsonPropertyName("batch_size")] int BatchSize,
    [property: JsonPropertyName("max_per_run")] int MaxPerRun,
    [property: JsonPropertyName("default_policy")] CleanupDefaultPolicy DefaultPolicy,
    [property: JsonPropertyName("last_run")] CleanupLastRun? LastRun,
    [property: JsonPropertyName("next_run_at")] DateTime? NextRunAt,
    [property: JsonPropertyName("next_candidates")] CleanupCandidateBody[] NextCandidates);

/// <summary>The policy of the clients that follow the default.</summary>
/// <param name="Types">The image types it deletes.</param>
public sealed record CleanupDefaultPolicy(
    [property: JsonPropertyName("enabled")] bool Enabled,
    [property: JsonPropertyName("days")] int Days,
    [property: JsonPropertyName("types")] List<string> Types);

/// <summary>The newest run.</summary>
/// <param name="FinishedAt">Null while it runs (or when it stopped before the end).</param>
/// <param name="AlreadyGone">Due images Glance no longer had.</param>
public sealed record CleanupLastRun(
    [property: JsonPropertyName("started_at")] DateTime StartedAt,
    [property: JsonPropertyName("finished_at")] DateTime? FinishedAt,
    [property: JsonPropertyName("due")] int Due,
    [property: JsonPropertyName("deleted")] int Deleted,
    [property: JsonPropertyName("already_gone")] int AlreadyGone,
    [property: JsonPropertyName("failed")] int Failed,
    [property: JsonPropertyName("errors")] string[] Errors);

/// <summary>An image the next run would delete, oldest due first.</summary>
/// <param name="Client">The owning client, whose policy makes it due.</param>
/// <param name="CleanupDate">When it became due (UTC, seconds).</param>
/// <param name="Reason">Type, age and policy, in words.</param>
public sealed record CleanupCandidateBody(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("region")] string Region,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("client")] int Client,
    [property: JsonPropertyName("created_at")] DateTime? CreatedAt,
    [property: JsonPropertyName("cleanup_date")] string CleanupDate,
    [property: JsonPropertyName("reason")] string Reason);
