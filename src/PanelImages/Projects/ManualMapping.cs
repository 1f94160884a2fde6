using Microsoft.EntityFrameworkCore;
using PanelImages.Catalog;
using PanelImages.Errors;
using PanelImages.Nova;

namespace PanelImages.Projects;

/// <summary>
/// A project mapped to its client by hand (CLI <c>projects map</c>, staff API): never changed by the mapping rule until
/// the hand mapping is removed, when the rule decides again on the next projects sync. One place for both ways in.
/// </summary>
public static class ManualMapping
{
    public const string By = "manual";

    /// <summary>The activity log's words for a hand mapping (API and CLI alike).</summary>
    public static string Describe(string projectId, int clientId) => $"project {projectId} mapped to client {clientId} by hand";

    /// <summary>Maps <paramref name="projectId"/> to <paramref name="clientId"/>; returns how many images moved to that client.</summary>
    public static async Task<int> MapAsync(CatalogDb db, string projectId, int clientId, string? region, string? name, CancellationToken ct)
    {
        if (!await db.Clients.AnyAsync(c => c.Id == clientId, ct)) throw ApiException.BadRequest($"No client {clientId}.");
        var project = await db.Projects.FirstOrDefaultAsync(p => p.Id == projectId, ct) ?? db.Projects.Add(new Project { Id = projectId }).Entity;
        project.ClientId = clientId;
        project.MappedBy = By;
        project.Region = region ?? project.Region;
        project.Name = name ?? project.Name ?? await db.KeystoneProjects.Where(k => k.Id == projectId).Select(k => k.Name).FirstOrDefaultAsync(ct);
        await db.SaveChangesAsync(ct);
        return await RepointAsync(db, projectId, clientId, ct);
    }

    /// <summary>Removes a hand mapping (false when there was none); its images belong to no client until the rule maps it.</summary>
    public static async Task<bool> UnmapAsync(CatalogDb db, string projectId, CancellationToken ct)
    {
        var project = await db.Projects.FirstOrDefaultAsync(p => p.Id == projectId && p.MappedBy == By, ct);
        if (project is null) return false;
        db.Projects.Remove(project);
        await db.SaveChangesAsync(ct);
        await RepointAsync(db, projectId, null, ct);
        return true;
    }

    private static async Task<int> RepointAsync(CatalogDb db, string projectId, int? clientId, CancellationToken ct)
    {
        var moved = await ProjectSync.RepointImagesAsync(db, projectId, clientId, ct);
        if (moved > 0) await UsedByResellers.RecomputeAsync(db, null, ct); // a reseller's reach follows its clients' images
        return moved;
    }
}
