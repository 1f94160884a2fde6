using System.Text.Json.Serialization;

namespace PanelImages.OpenApi.Schemas;

/// <summary>One audited action.</summary>
/// <param name="Action">create, update, destroy, upload, import, deactivate, reactivate, add_member, remove_member, member_status, snapshot, backup, assign_flavors, map_project, unmap_project; sign-in: sign_in, lockout, sign_out, password_change, password_set, unlock, otp_enrolled, otp_removed, session_ended.</param>
/// <param name="Outcome">success or failure.</param>
/// <param name="Detail">What the action was about when no image says it (sign-ins, sessions, project mappings).</param>
public sealed record ActivityEntry(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("at")] DateTime At,
    [property: JsonPropertyName("user")] ActivityUser User,
    [property: JsonPropertyName("client")] int? Client,
    [property: JsonPropertyName("image")] string? Image,
    [property: JsonPropertyName("region")] string? Region,
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("outcome")] string Outcome,
    [property: JsonPropertyName("status_code")] int StatusCode,
    [property: JsonPropertyName("client_ip")] string? ClientIp,
    [property: JsonPropertyName("detail")] string? Detail);

public sealed record ActivityUser(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("username")] string Username,
    [property: JsonPropertyName("audience")] string Audience);

public sealed record ActivityLogPage(int Count, string? Next, string? Previous, ActivityEntry[] Objects, int TotalCount, int PageNo)
    : ListPage<ActivityEntry>(Count, Next, Previous, Objects, TotalCount, PageNo);

/// <summary>The OpenStack sync and notification consumers, as this instance sees them.</summary>
/// <param name="Source">Where the connection settings came from (clouds.yaml, environment, configuration, none).</param>
/// <param name="Leader">Whether this instance runs the sync (one per catalogue).</param>
public sealed record SyncStatus(
    [property: JsonPropertyName("configured")] bool Configured,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("enabled")] bool Enabled,
    [property: JsonPropertyName("incremental_seconds")] int IncrementalSeconds,
    [property: JsonPropertyName("full_minutes")] int FullMinutes,
    [property: JsonPropertyName("instance")] string Instance,
    [property: JsonPropertyName("leader")] bool Leader,
    [property: JsonPropertyName("regions")] RegionSync[] Regions,
    [property: JsonPropertyName("resources")] ResourceSync[] Resources,
    [property: JsonPropertyName("notifications")] NotificationsStatus Notifications);

/// <summary>The sync of Keystone projects, Nova flavors and instances, per region ("*" for Keystone's).</summary>
public sealed record ResourceSync(
    [property: JsonPropertyName("resource")] string Resource,
    [property: JsonPropertyName("region")] string Region,
    [property: JsonPropertyName("endpoint")] string? Endpoint,
    [property: JsonPropertyName("last_full_at")] DateTime? LastFullAt,
    [property: JsonPropertyName("last_incremental_at")] DateTime? LastIncrementalAt,
    [property: JsonPropertyName("last_seconds")] double? LastSeconds,
    [property: JsonPropertyName("seen")] int Seen,
    [property: JsonPropertyName("created")] int Created,
    [property: JsonPropertyName("updated")] int Updated,
    [property: JsonPropertyName("deleted")] int Deleted,
    [property: JsonPropertyName("changes_since")] DateTime? ChangesSince,
    [property: JsonPropertyName("last_attempt_at")] DateTime? LastAttemptAt,
    [property: JsonPropertyName("last_attempt_ok")] bool LastAttemptOk,
    [property: JsonPropertyName("last_error")] string? LastError,
    [property: JsonPropertyName("last_error_at")] DateTime? LastErrorAt);

public sealed record RegionSync(
    [property: JsonPropertyName("region")] string Region,
    [property: JsonPropertyName("endpoint")] string? Endpoint,
    [property: JsonPropertyName("ok")] bool Ok,
    [property: JsonPropertyName("last_attempt_at")] DateTime? LastAttemptAt,
    [property: JsonPropertyName("last_full_sync")] SyncRun? LastFullSync,
    [property: JsonPropertyName("last_incremental_sync")] SyncRun? LastIncrementalSync,
    [property: JsonPropertyName("last_error")] string? LastError,
    [property: JsonPropertyName("last_error_at")] DateTime? LastErrorAt,
    [property: JsonPropertyName("last_seen_updated_at")] DateTime? LastSeenUpdatedAt);

public sealed record SyncRun(
    [property: JsonPropertyName("at")] DateTime? At,
    [property: JsonPropertyName("duration_seconds")] double? DurationSeconds,
    [property: JsonPropertyName("seen")] int Seen,
    [property: JsonPropertyName("created")] int Created,
    [property: JsonPropertyName("updated")] int Updated,
    [property: JsonPropertyName("deleted")] int Deleted);

public sealed record NotificationsStatus(
    [property: JsonPropertyName("enabled")] bool Enabled,
    [property: JsonPropertyName("disabled_reason")] string? DisabledReason,
    [property: JsonPropertyName("regions")] ConsumerStatus[] Regions);

/// <summary>One region's notification consumer; counters since this process started.</summary>
/// <param name="State">connected or disconnected.</param>
/// <param name="LagSeconds">Age of the newest event applied: how far behind Glance the catalogue is.</param>
public sealed record ConsumerStatus(
    [property: JsonPropertyName("region")] string Region,
    [property: JsonPropertyName("queue")] string Queue,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("connected_since")] DateTime? ConnectedSince,
    [property: JsonPropertyName("last_error")] string? LastError,
    [property: JsonPropertyName("last_error_at")] DateTime? LastErrorAt,
    [property: JsonPropertyName("last_message_at")] DateTime? LastMessageAt,
    [property: JsonPropertyName("lag_seconds")] double? LagSeconds,
    [property: JsonPropertyName("received")] long Received,
    [property: JsonPropertyName("applied")] long Applied,
    [property: JsonPropertyName("ignored_older")] long IgnoredOlder,
    [property: JsonPropertyName("duplicates")] long Duplicates,
    [property: JsonPropertyName("dead_lettered")] long DeadLettered,
    [property: JsonPropertyName("other")] long Other);
