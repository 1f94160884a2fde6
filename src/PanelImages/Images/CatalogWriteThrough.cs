using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PanelImages.Catalog;
using PanelImages.OpenStack;
using PanelImages.Sync;

namespace PanelImages.Images;

/// <summary>
/// After a Glance call succeeds, the catalogue takes Glance's answer at once (same mapping as the sync), so the
/// response and the next list show the new state instead of waiting for a sync (reference bug B9, B32).
/// </summary>
public static class CatalogWriteThrough
{
    public static async Task<Image> UpsertAsync(CatalogDb db, string region, JsonElement glanceImage, CancellationToken ct, int? resellerResources = null)
    {
        var id = GlanceImageMapper.Id(glanceImage);
        var row = await db.Images.FirstOrDefaultAsync(i => i.Region == region && i.Id == id, ct);
        if (row is null) row = db.Images.Add(new Image { Region = region, Id = id }).Entity;
        var owner = GlanceJson.String(glanceImage, "owner");
        var clientOfProject = owner is null ? new Dictionary<string, int>()
            : await db.Projects.AsNoTracking().Where(p => p.Id == owner).ToDictionaryAsync(p => p.Id, p => p.ClientId, ct);
        GlanceImageMapper.Apply(row, glanceImage, clientOfProject);
        if (resellerResources is int reseller) row.ResellerResources = reseller;
        row.SyncedAt = DateTime.UtcNow;
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException) when (db.Entry(row).State == EntityState.Added)
        {
            // The notification consumer (or a sync) stored the new image between our read and our insert (found by
            // bench/soak.sh: a 500 on create). The row exists now: take Glance's answer onto it.
            db.Entry(row).State = EntityState.Detached;
            var stored = await db.Images.FirstAsync(i => i.Region == region && i.Id == id, ct);
            GlanceImageMapper.Apply(stored, glanceImage, clientOfProject);
            if (resellerResources is int r) stored.ResellerResources = r;
            stored.SyncedAt = DateTime.UtcNow;
            await db.SaveChangesAsync(ct);
            return stored;
        }
        return row;
    }

    /// <summary>Reads the image back from Glance and stores it; a vanished image becomes a tombstone.</summary>
    public static async Task<Image?> RefreshAsync(CatalogDb db, GlanceClient glance, string id, CancellationToken ct)
    {
        using var doc = await glance.GetImageAsync(id, ct);
        if (doc is null)
        {
            await TombstoneAsync(db, glance.Region, id, ct);
            return null;
        }
        return await UpsertAsync(db, glance.Region, doc.RootElement, ct);
    }

    public static async Task TombstoneAsync(CatalogDb db, string region, string id, CancellationToken ct)
    {
        var now = DateTime.UtcNow;
        await db.Images.Where(i => i.Region == region && i.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, "deleted").SetProperty(i => i.DeletedAt, now).SetProperty(i => i.SyncedAt, now), ct);
    }

    public static async Task SetMemberAsync(CatalogDb db, string region, string imageId, string project, string? status, CancellationToken ct)
    {
        var member = await db.ImageMembers.FirstOrDefaultAsync(m => m.Region == region && m.ImageId == imageId && m.ProjectId == project, ct);
        var now = DateTime.UtcNow;
        if (status is null)
        {
            if (member is not null) db.ImageMembers.Remove(member);
        }
        else if (member is null)
            db.ImageMembers.Add(new ImageMember { Region = region, ImageId = imageId, ProjectId = project, Status = status, CreatedAt = now, UpdatedAt = now });
        else
        {
            member.Status = status;
            member.UpdatedAt = now;
        }
        await db.SaveChangesAsync(ct);
    }
}
