using Microsoft.EntityFrameworkCore;
using PanelImages.Catalog;
using PanelImages.OpenStack;
using PanelImages.Sync;

namespace PanelImages.Notifications;

/// <summary>
/// Applies a batch of one region's events to the catalogue in ONE transaction, together with their inbox entries.
/// The result does not depend on the order the events arrive in: an event changes a row only if it is newer than
/// what the row reflects (Glance's updated_at, then oslo's timestamp), a delete always leaves a tombstone that older
/// events cannot lift (reference bug B18), and a message id already in the inbox changes nothing.
/// </summary>
internal sealed class EventApplier(CatalogDb db, string region)
{
    private const string Deleted = RegionSync.Deleted;

    private readonly Dictionary<string, Image?> _images = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Image, string? Member), DateTime> _lastEventAt = new();
    private readonly Dictionary<(string Image, string Member), ImageMember> _members = new();
    // Member states that arrived before their image: put on the image row when it is created.
    private readonly Dictionary<string, Dictionary<string, (DateTime At, string Status)>> _parked = new(StringComparer.Ordinal);
    private Dictionary<string, int> _clientOfProject = new(StringComparer.Ordinal);

    public async Task<Outcome[]> ApplyAsync(IReadOnlyList<GlanceEvent> events, CancellationToken ct)
    {
        var outcomes = new Outcome[events.Count];
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // SQLite transactions here are BEGIN IMMEDIATE (one writer at a time); PostgreSQL instances consuming the same
        // queue take turns per region, so a row is never decided from a state another instance is changing.
        if (db is PostgresCatalogDb)
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(hashtext({0}))", ["panelimages.notifications." + region], ct);

        var ids = events.Select(e => e.MessageId).Distinct().ToList();
        var seen = (await db.NotificationInbox.AsNoTracking().Where(e => e.Region == region && ids.Contains(e.MessageId))
            .Select(e => e.MessageId).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        await LoadAsync(events.Where(e => !seen.Contains(e.MessageId)).ToList(), ct);

        var now = DateTime.UtcNow;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (!seen.Add(e.MessageId)) { outcomes[i] = Outcome.Duplicate; continue; }
            var (outcome, memberStatus) = e.IsImageEvent ? (ApplyImage(e, now), null)
                : e.IsMemberEvent ? ApplyMember(e)
                : (Outcome.Other, null);
            outcomes[i] = outcome;
            db.NotificationInbox.Add(new NotificationInboxEntry
            {
                Region = region, MessageId = e.MessageId, EventType = Truncate(e.EventType, 64), ImageId = e.IsImageEvent || e.IsMemberEvent ? e.ImageId : null,
                MemberId = e.MemberId, MemberStatus = memberStatus, EventAt = e.Timestamp, ProcessedAt = now,
                Outcome = outcome switch { Outcome.Applied => "applied", Outcome.Older => "older", _ => "other" },
            });
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return outcomes;
    }

    private async Task LoadAsync(List<GlanceEvent> events, CancellationToken ct)
    {
        var imageIds = events.Where(e => e.IsImageEvent || e.IsMemberEvent).Select(e => e.ImageId!).Distinct().ToList();
        if (imageIds.Count == 0) return;
        foreach (var row in await db.Images.Where(i => i.Region == region && imageIds.Contains(i.Id)).ToListAsync(ct))
            _images[row.Id] = row;
        foreach (var last in await db.NotificationInbox.AsNoTracking()
                     .Where(e => e.Region == region && e.ImageId != null && imageIds.Contains(e.ImageId))
                     .GroupBy(e => new { e.ImageId, e.MemberId })
                     .Select(g => new { g.Key.ImageId, g.Key.MemberId, At = g.Max(e => e.EventAt) }).ToListAsync(ct))
            _lastEventAt[(last.ImageId!, last.MemberId)] = last.At;

        var memberImages = events.Where(e => e.IsMemberEvent).Select(e => e.ImageId!).Distinct().ToList();
        foreach (var m in await db.ImageMembers.Where(m => m.Region == region && memberImages.Contains(m.ImageId)).ToListAsync(ct))
            _members[(m.ImageId, m.ProjectId)] = m;

        // Images new to the catalogue may have member events that came first, parked in the inbox.
        var missing = imageIds.Where(id => !_images.ContainsKey(id)).ToList();
        if (missing.Count > 0)
            foreach (var p in await db.NotificationInbox.AsNoTracking()
                         .Where(e => e.Region == region && e.MemberId != null && e.MemberStatus != null && e.ImageId != null && missing.Contains(e.ImageId))
                         .ToListAsync(ct))
                Park(p.ImageId!, p.MemberId!, p.EventAt, p.MemberStatus!);

        var owners = events.Where(e => e.IsImageEvent).Select(e => GlanceJson.String(e.Payload, "owner")).OfType<string>().Distinct().ToList();
        _clientOfProject = await db.Projects.AsNoTracking().Where(p => owners.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.ClientId, ct);
    }

    private Outcome ApplyImage(GlanceEvent e, DateTime now)
    {
        var id = e.ImageId!;
        using var view = PayloadView.ToApiView(e.Payload);
        var g = view.RootElement;
        var updatedAt = GlanceJson.Time(g, "updated_at");
        var isDelete = e.EventType == "image.delete" || GlanceJson.String(g, "status") == Deleted || GlanceJson.Bool(e.Payload, "deleted");
        var lastAt = _lastEventAt.GetValueOrDefault((id, null));
        if (e.Timestamp > lastAt) _lastEventAt[(id, null)] = e.Timestamp;

        _images.TryGetValue(id, out var row);
        if (row is not null)
        {
            if (row.Status == Deleted)
            {
                // The sync's rule: a tombstone stays one unless Glance shows a change made after the deletion.
                if (isDelete || row.DeletedAt is { } deletedAt && (updatedAt is null || updatedAt <= deletedAt)) return Outcome.Older;
            }
            // A delete is final in Glance (an id is never reused), whatever its timestamps say.
            else if (!isDelete && row.UpdatedAt is { } stored && updatedAt is { } incoming
                     && (incoming < stored || incoming == stored && lastAt > e.Timestamp))
                return Outcome.Older;
        }
        else
        {
            row = new Image { Region = region, Id = id };
            db.Images.Add(row);
            _images[id] = row;
        }

        GlanceImageMapper.Apply(row, g, _clientOfProject);
        row.SyncedAt = now;
        if (isDelete)
        {
            row.Status = Deleted;
            row.DeletedAt = GlanceJson.Time(e.Payload, "deleted_at") ?? e.Timestamp;
        }
        if (_parked.Remove(id, out var parked))
            foreach (var (member, (at, status)) in parked)
                SetMember(id, member, status, at, at);
        return Outcome.Applied;
    }

    private (Outcome, string?) ApplyMember(GlanceEvent e)
    {
        var (imageId, memberId) = (e.ImageId!, e.MemberId!);
        var status = e.EventType == "image.member.delete" || GlanceJson.Bool(e.Payload, "deleted") ? Deleted
            : GlanceJson.String(e.Payload, "status") ?? MemberStatus.Pending;
        if (_lastEventAt.TryGetValue((imageId, memberId), out var lastAt) && lastAt > e.Timestamp) return (Outcome.Older, status);
        _lastEventAt[(imageId, memberId)] = e.Timestamp;

        if (_images.GetValueOrDefault(imageId) is null)
        {
            Park(imageId, memberId, e.Timestamp, status);
            return (Outcome.Applied, status);
        }
        SetMember(imageId, memberId, status, GlanceJson.Time(e.Payload, "created_at"), GlanceJson.Time(e.Payload, "updated_at"));
        return (Outcome.Applied, status);
    }

    private void Park(string imageId, string memberId, DateTime at, string status)
    {
        if (!_parked.TryGetValue(imageId, out var members)) _parked[imageId] = members = new(StringComparer.Ordinal);
        if (!members.TryGetValue(memberId, out var current) || current.At <= at) members[memberId] = (at, status);
    }

    private void SetMember(string imageId, string memberId, string status, DateTime? createdAt, DateTime? updatedAt)
    {
        var key = (imageId, memberId);
        _members.TryGetValue(key, out var row);
        if (status == Deleted)
        {
            if (row is null) return;
            var entry = db.Entry(row);
            if (entry.State == EntityState.Added) { entry.State = EntityState.Detached; _members.Remove(key); }
            else entry.State = EntityState.Deleted;
            return;
        }
        if (row is null)
        {
            row = new ImageMember { Region = region, ImageId = imageId, ProjectId = memberId };
            db.ImageMembers.Add(row);
            _members[key] = row;
        }
        else if (db.Entry(row).State == EntityState.Deleted) db.Entry(row).State = EntityState.Modified;
        row.Status = status;
        row.CreatedAt = createdAt ?? row.CreatedAt;
        row.UpdatedAt = updatedAt ?? row.UpdatedAt;
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}
