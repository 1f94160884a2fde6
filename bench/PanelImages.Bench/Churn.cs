using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PanelImages.Catalog;
using PanelImages.Sync;

namespace PanelImages.Bench;

/// <summary>
/// Writes to a catalogue the way the sync does: Glance JSON for an image, applied with the sync's own mapper
/// (<see cref="GlanceImageMapper"/>) and saved through the app's DbContext, so the app's triggers run as in production.
/// </summary>
public static class Churn
{
    /// <summary>
    /// churn: renames random private, unshared images of clients other than <paramref name="exclude"/> at
    /// <paramref name="rate"/> changes per second (batches every 20 ms) for <paramref name="seconds"/>.
    /// </summary>
    public static async Task<int> RunAsync(CatalogDb db, double rate, double seconds, int[] exclude)
    {
        var candidates = await db.Images.AsNoTracking()
            .Where(i => i.Visibility == "private" && i.ClientId != null && !exclude.Contains(i.ClientId.Value) && i.Status == "active")
            .Select(i => new { i.Region, i.Id }).Take(20_000).ToListAsync();
        var clientOfProject = await db.Projects.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.ClientId);
        var random = new Random(7);
        var clock = Stopwatch.StartNew();
        var written = 0L;
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            var due = (long)(clock.Elapsed.TotalSeconds * rate) - written;
            if (due > 0)
            {
                var batch = Enumerable.Range(0, (int)Math.Min(due, 500)).Select(_ => candidates[random.Next(candidates.Count)]).Distinct().ToList();
                foreach (var key in batch)
                {
                    var row = await db.Images.FindAsync(key.Region, key.Id);
                    GlanceImageMapper.Apply(row!, Renamed(row!), clientOfProject);
                }
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
                written += due;
            }
            await Task.Delay(20);
        }
        Console.Error.WriteLine($"churn: {written} changes in {clock.Elapsed.TotalSeconds:F1} s ({written / clock.Elapsed.TotalSeconds:F0}/s)");
        return 0;
    }

    /// <summary>The image as Glance would send it after a rename now.</summary>
    public static JsonElement Renamed(Image row, string? name = null) => JsonSerializer.SerializeToElement(new Dictionary<string, object?>
    {
        ["id"] = row.Id, ["name"] = name ?? $"churn-{Guid.NewGuid():N}"[..20], ["status"] = row.Status,
        ["visibility"] = row.Visibility, ["container_format"] = row.ContainerFormat, ["disk_format"] = row.DiskFormat,
        ["size"] = row.Size, ["virtual_size"] = row.VirtualSize, ["created_at"] = row.CreatedAt,
        ["updated_at"] = DateTime.UtcNow, ["min_disk"] = row.MinDisk, ["min_ram"] = row.MinRam, ["protected"] = row.Protected,
        ["owner"] = row.Owner, ["image_type"] = row.Type, ["os_distro"] = row.OsDistro, ["os_version"] = row.OsVersion,
        ["architecture"] = row.Architecture, ["hypervisor_type"] = row.HypervisorType, ["instance_uuid"] = row.InstanceUuid,
        ["tags"] = row.Tags,
    });

    /// <summary>
    /// propagation: as another instance, renames the end user's newest image through the app's write path and times
    /// how long until <paramref name="url"/> (an instance's end user first page) shows the new name.
    /// </summary>
    public static async Task<int> PropagationAsync(CatalogDb db, string url, string token, int samples)
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Add("Authorization", "Token " + token);
        var clientOfProject = await db.Projects.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.ClientId);
        var first = JsonDocument.Parse(await http.GetStringAsync(url)).RootElement.GetProperty("objects")[0];
        var (id, region) = (first.GetProperty("id").GetString()!, first.GetProperty("region").GetString()!);
        var latencies = new List<double>();
        for (var n = 0; n < samples; n++)
        {
            await http.GetStringAsync(url); // cached at the current version
            var name = $"propagated-{n}-{Guid.NewGuid():N}"[..24];
            var row = await db.Images.FindAsync(region, id);
            GlanceImageMapper.Apply(row!, Renamed(row!, name), clientOfProject);
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
            var committed = Stopwatch.StartNew();
            while (!(await http.GetStringAsync(url)).Contains(name))
                if (committed.Elapsed.TotalSeconds > 10) throw new TimeoutException($"{url} did not show the change in 10 s");
            latencies.Add(committed.Elapsed.TotalMilliseconds);
            await Task.Delay(20);
        }
        latencies.Sort();
        double At(double q) => latencies[Math.Min(latencies.Count - 1, (int)(q * latencies.Count))];
        Console.WriteLine(JsonSerializer.Serialize(new { samples, p50_ms = Math.Round(At(0.5), 2), p99_ms = Math.Round(At(0.99), 2), max_ms = Math.Round(latencies[^1], 2) }));
        return 0;
    }
}
