using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PanelImages.Catalog;
using PanelImages.Nova;

namespace PanelImages.Projects;

public sealed record ResourceSyncCounts(int Seen, int Created, int Updated, int Deleted);

/// <summary>
/// Keystone's projects into the catalogue, then the mapping rule: every project a rule maps gets its client, every
/// rule-made mapping the rule no longer supports goes, manual ones stay. Images follow their owner's new client.
/// </summary>
public sealed class ProjectSync(KeystoneProjects keystone, IOptions<ProjectMappingOptions> mapping)
{
    public async Task<ResourceSyncCounts> RunAsync(CatalogDb db, CancellationToken ct)
    {
        var listed = await keystone.ListAsync(mapping.Value.Property, ct);
        var now = DateTime.UtcNow;
        var stored = await db.KeystoneProjects.ToDictionaryAsync(p => p.Id, ct);
        int created = 0, updated = 0;
        foreach (var p in listed)
        {
            if (!stored.TryGetValue(p.Id, out var row))
            {
                p.SyncedAt = now;
                db.KeystoneProjects.Add(p);
                stored[p.Id] = p;
                created++;
                continue;
            }
            (row.Name, row.DomainId, row.Enabled, row.IsDomain, row.MappingProperty) = (p.Name, p.DomainId, p.Enabled, p.IsDomain, p.MappingProperty);
            if (!row.Tags.SequenceEqual(p.Tags)) row.Tags = p.Tags;
            if (db.Entry(row).State == EntityState.Modified) { row.SyncedAt = now; updated++; }
        }
        var gone = stored.Keys.Except(listed.Select(p => p.Id)).ToList();
        foreach (var id in gone) db.KeystoneProjects.Remove(stored[id]);
        await db.SaveChangesAsync(ct);
        await ApplyMappingAsync(db, gone, ct);
        return new ResourceSyncCounts(listed.Count, created, updated, gone.Count);
    }

    /// <summary>Runs the rule over every synced project; returns how many mappings changed.</summary>
    public async Task<int> ApplyMappingAsync(CatalogDb db, IReadOnlyCollection<string> deletedProjects, CancellationToken ct)
    {
        var rule = new ProjectMappingRule(mapping.Value);
        var clients = (await db.Clients.Select(c => c.Id).ToListAsync(ct)).ToHashSet();
        var mappings = await db.Projects.ToDictionaryAsync(p => p.Id, ct);
        var changed = new Dictionary<string, int?>();
        foreach (var project in await db.KeystoneProjects.ToListAsync(ct))
        {
            mappings.TryGetValue(project.Id, out var current);
            if (current is { MappedBy: ManualMapping.By })
            {
                project.UnmappedReason = null;
                if (current.Name != project.Name) current.Name = project.Name;
                continue;
            }
            var (clientId, by, reason) = rule.Map(project, clients);
            project.UnmappedReason = reason;
            if (clientId is int id)
            {
                if (current is null) db.Projects.Add(current = new Project { Id = project.Id, ClientId = id, MappedBy = by, Name = project.Name });
                else if (current.ClientId != id || current.MappedBy != by) (current.ClientId, current.MappedBy) = (id, by);
                if (current.Name != project.Name) current.Name = project.Name;
                if (db.Entry(current).State is EntityState.Added || db.Entry(current).Property(p => p.ClientId).IsModified) changed[project.Id] = id;
            }
            else if (current is not null)
            {
                db.Projects.Remove(current);
                changed[project.Id] = null;
            }
        }
        foreach (var id in deletedProjects)
            if (mappings.TryGetValue(id, out var left) && left.MappedBy != ManualMapping.By)
            {
                db.Projects.Remove(left);
                changed[id] = null;
            }
        await db.SaveChangesAsync(ct);
        foreach (var (projectId, clientId) in changed) await RepointImagesAsync(db, projectId, clientId, ct);
        if (changed.Count > 0) await UsedByResellers.RecomputeAsync(db, null, ct);
        return changed.Count;
    }

    /// <summary>Image.ClientId is the owner project's client, denormalised for the list's indexes: follow a new mapping.</summary>
    public static Task<int> RepointImagesAsync(CatalogDb db, string projectId, int? clientId, CancellationToken ct) =>
        db.Images.Where(i => i.Owner == projectId && i.ClientId != clientId).ExecuteUpdateAsync(s => s.SetProperty(i => i.ClientId, clientId), ct);
}
