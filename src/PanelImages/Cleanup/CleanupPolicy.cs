using Microsoft.EntityFrameworkCore;
using PanelImages.Catalog;
using PanelImages.Listing;

namespace PanelImages.Cleanup;

public sealed record CleanupCandidate(Image Image, Client Client, DateTime DueAt)
{
    public string Reason =>
        $"{Image.Type} created {ImageJson.FormatTime(Image.CreatedAt!.Value)}; client {Client.Id} " +
        $"({(Client.CleanupFollowsDefault ? "default" : "own")} policy: {Client.CleanupDays} days for {string.Join(",", Client.CleanupImageTypes)}) " +
        $"→ due {ImageJson.FormatTime(DueAt)}";
}

/// <summary>
/// Which images are due: the same rule as the list's cleanup_date (ImageJson.CleanupDate) — the owning client's
/// enabled policy covers the type, the image is not protected, created_at + days has passed — and not deleted.
/// </summary>
public static class CleanupPolicy
{
    /// <summary>Copies the global default into the clients that follow it, so that every reader sees the effective policy.</summary>
    public static async Task<int> ApplyDefaultAsync(CatalogDb db, CleanupOptions.DefaultPolicy policy, CancellationToken ct)
    {
        var types = policy.Types.Distinct().ToList();
        var changed = 0;
        foreach (var c in await db.Clients.Where(c => c.CleanupFollowsDefault).ToListAsync(ct))
        {
            if (c.CleanupEnabled == policy.Enabled && c.CleanupDays == policy.Days && c.CleanupImageTypes.SequenceEqual(types)) continue;
            (c.CleanupEnabled, c.CleanupDays, c.CleanupImageTypes) = (policy.Enabled, policy.Days, types);
            changed++;
        }
        await db.SaveChangesAsync(ct);
        return changed;
    }

    /// <summary>Due images, oldest due first, at most <paramref name="limit"/>.</summary>
    public static async Task<List<CleanupCandidate>> DueAsync(CatalogDb db, DateTime now, int limit, CancellationToken ct)
    {
        var clients = await db.Clients.AsNoTracking().Where(c => c.CleanupEnabled && c.CleanupImageTypes.Count > 0).ToListAsync(ct);
        var due = new List<CleanupCandidate>();
        foreach (var client in clients)
        {
            var createdBefore = now.AddDays(-client.CleanupDays);
            var (id, types) = (client.Id, client.CleanupImageTypes);
            var images = await db.Images.AsNoTracking()
                .Where(i => i.ClientId == id && !i.Protected && i.Status != "deleted" && types.Contains(i.Type) && i.CreatedAt <= createdBefore)
                .OrderBy(i => i.CreatedAt).ThenBy(i => i.Id).Take(limit).ToListAsync(ct);
            foreach (var image in images)
                if (ImageJson.CleanupDate(image, client) is DateTime at && at <= now) due.Add(new CleanupCandidate(image, client, at));
        }
        return due.OrderBy(c => c.DueAt).ThenBy(c => c.Image.Id).Take(limit).ToList();
    }
}
