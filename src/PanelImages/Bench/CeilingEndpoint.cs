using System.Text.Json;
using PanelImages.Access;
using PanelImages.Caching;
using PanelImages.Catalog;
using PanelImages.Listing;

// In the Builder namespace, as ASP.NET's own Map* extensions, so Program.cs needs no using for it.
namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// What the HTTP stack alone costs: a fixed 20-image list response, as large as a real page, written without
/// authentication or a database. Mapped only with <c>Bench:Ceiling=true</c>, so production never serves it.
/// </summary>
public static class CeilingEndpoint
{
    public const string Path = "/bench/ceiling";

    public static IEndpointRouteBuilder MapBenchCeiling(this WebApplication app)
    {
        if (!app.Configuration.GetValue<bool>("Bench:Ceiling")) return app;
        var body = Render();
        app.MapGet(Path, () => Results.Bytes(body, "application/json")).ExcludeFromDescription();
        // The churn benchmark's hit ratio (bench/churn/run.sh).
        app.MapGet("/bench/cache", (ResponseCache responses, CountCache counts, CatalogChanges changes) => Results.Json(new
        {
            response_hits = responses.Hits, response_misses = responses.Misses, response_bytes = responses.EstimatedBytes,
            count_hits = counts.Hits, count_misses = counts.Misses, count_bytes = counts.EstimatedBytes,
            version = changes.Version, listening = changes.Listening,
        })).ExcludeFromDescription();
        return app;
    }

    private static byte[] Render()
    {
        var caller = new Caller(0, "ceiling", Audience.EndUser, [7], ["0123456789abcdef0123456789abcdef"],
            ImagePermissions.FromGrants([]));
        var client = new Client { Id = 7, Name = "Client 1000 WEB GmbH", CleanupEnabled = true, CleanupImageTypes = ["snapshot", "backup"] };
        var created = new DateTime(2025, 6, 1, 12, 0, 0, DateTimeKind.Utc);
        var rows = Enumerable.Range(0, 20).Select(n => new ImageRow(new Image
        {
            Region = "RegionOne", Id = $"{n:D8}-9468-b9e4-9101-68b853e5253f", Name = $"ubuntu-22.04-web-snapshot-{n:D7}", Type = "snapshot",
            Status = "active", Visibility = "private", ContainerFormat = "bare", DiskFormat = "qcow2", Size = 4_294_967_296,
            CreatedAt = created, UpdatedAt = created, OsDistro = "ubuntu", OsVersion = "22.04", Architecture = "x86_64",
            HypervisorType = "qemu", MinDisk = 20, MinRam = 512, InstanceUuid = "5e6b0c5e-1f2a-4b7e-9a43-2f0c9d1e8b7a",
            Owner = "0123456789abcdef0123456789abcdef", ClientId = 7,
            PropertiesJson = """{"image_type":"snapshot","hw_disk_bus":"virtio","hw_qemu_guest_agent":"yes","os_admin_user":"ubuntu","owner_project_name":"1000-RegionOne","instance_uuid":"5e6b0c5e-1f2a-4b7e-9a43-2f0c9d1e8b7a"}""",
        }, client, new Instance { Id = "5e6b0c5e-1f2a-4b7e-9a43-2f0c9d1e8b7a", Name = "vm-5e6b0c5e", ProjectId = "0123456789abcdef0123456789abcdef" })).ToList();

        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, JsonOutput.WriterOptions))
        {
            w.WriteStartObject();
            w.WriteNumber("count", 2006);
            w.WriteString("next", "http://127.0.0.1:8080/backend/api/openstack/images?page=2");
            w.WriteNull("previous");
            w.WriteStartArray("objects");
            foreach (var row in rows) ImageJson.Write(w, row, caller);
            w.WriteEndArray();
            w.WriteNumber("totalCount", 2006);
            w.WriteNumber("pageNo", 1);
            w.WritePropertyName("permissions");
            ListEnvelope.WritePermissions(w, caller.Permissions);
            // filter_options is a constant block of about 1 KB in real pages.
            w.WriteStartObject("filter_options");
            foreach (var name in new[] { "status", "hypervisor_type", "visibility" })
            {
                w.WriteStartArray(name);
                foreach (var v in ListEnvelope.HypervisorTypes) { w.WriteStartObject(); w.WriteString("display", v); w.WriteString("value", v); w.WriteEndObject(); }
                w.WriteEndArray();
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
