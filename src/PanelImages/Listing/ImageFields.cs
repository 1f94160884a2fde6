using System.Linq.Expressions;
using PanelImages.Catalog;

namespace PanelImages.Listing;

public enum FieldKind { Text, Number, Boolean, Timestamp, Tags, Flavor }

/// <summary>A field of an allow-list: the only names a query string may filter by. The selector takes the listed entity.</summary>
public sealed record FilterField(string Name, FieldKind Kind, LambdaExpression Selector, bool Nullable = true, bool StaffOnly = false)
{
    public string[] Lookups => Kind switch
    {
        FieldKind.Text => ["exact", "iexact", "contains", "icontains", "startswith", "istartswith", "in", "isnull"],
        FieldKind.Number => ["exact", "in", "gt", "gte", "lt", "lte", "isnull"],
        FieldKind.Boolean => ["exact", "isnull"],
        FieldKind.Timestamp => ["exact", "in", "gt", "gte", "lt", "lte", "isnull"],
        FieldKind.Tags => ["exact", "iexact", "contains", "icontains", "startswith", "istartswith", "in", "isnull"],
        FieldKind.Flavor => ["exact", "in"],
        _ => [],
    };
}

public static class ImageFields
{
    private static FilterField Text(string name, Expression<Func<Image, string?>> s, bool staffOnly = false, bool nullable = true) =>
        new(name, FieldKind.Text, s, nullable, staffOnly);
    private static FilterField Number(string name, Expression<Func<Image, long?>> s, bool nullable = true, bool staffOnly = false) =>
        new(name, FieldKind.Number, s, nullable, staffOnly);

    public static readonly IReadOnlyDictionary<string, FilterField> Filterable = new[]
    {
        Text("id", i => i.Id, nullable: false),
        Text("name", i => i.Name),
        Text("type", i => i.Type, nullable: false),
        Text("status", i => i.Status),
        Text("visibility", i => i.Visibility),
        Text("region", i => i.Region, nullable: false),
        Text("os_distro", i => i.OsDistro),
        Text("os_version", i => i.OsVersion),
        Text("hypervisor_type", i => i.HypervisorType),
        Text("architecture", i => i.Architecture),
        Text("container_format", i => i.ContainerFormat),
        Text("disk_format", i => i.DiskFormat),
        Number("min_disk", i => i.MinDisk, nullable: false),
        Number("min_ram", i => i.MinRam, nullable: false),
        Number("size", i => i.Size),
        new FilterField("protected", FieldKind.Boolean, (Expression<Func<Image, bool>>)(i => i.Protected), Nullable: false),
        new FilterField("is_iso", FieldKind.Boolean, (Expression<Func<Image, bool>>)(i => i.DiskFormat == "iso"), Nullable: false),
        Text("instance_uuid", i => i.InstanceUuid),
        Text("volume_snapshot_uuid", i => i.VolumeSnapshotUuid),
        new FilterField("created_at", FieldKind.Timestamp, (Expression<Func<Image, DateTime?>>)(i => i.CreatedAt)),
        new FilterField("updated_at", FieldKind.Timestamp, (Expression<Func<Image, DateTime?>>)(i => i.UpdatedAt)),
        new FilterField("tags", FieldKind.Tags, (Expression<Func<Image, List<string>>>)(i => i.Tags), Nullable: false),
        Text("owner", i => i.Owner, staffOnly: true),
        Text("project", i => i.Owner, staffOnly: true),
        Number("client", i => i.ClientId, staffOnly: true),
        // Images that can boot with this flavor (Flavors/FlavorFilter): assignment, min_disk and min_ram.
        new FilterField("flavor", FieldKind.Flavor, (Expression<Func<Image, List<string>>>)(i => i.FlavorIds), Nullable: false),
    }.ToDictionary(f => f.Name);

    /// <summary>Fields the <c>ordering</c> parameter accepts.</summary>
    public static readonly IReadOnlyDictionary<string, LambdaExpression> Orderable = new Dictionary<string, LambdaExpression>
    {
        ["name"] = (Expression<Func<Image, string?>>)(i => i.Name),
        ["id"] = (Expression<Func<Image, string>>)(i => i.Id),
        ["type"] = (Expression<Func<Image, string>>)(i => i.Type),
        ["status"] = (Expression<Func<Image, string?>>)(i => i.Status),
        ["created_at"] = (Expression<Func<Image, DateTime?>>)(i => i.CreatedAt),
        ["updated_at"] = (Expression<Func<Image, DateTime?>>)(i => i.UpdatedAt),
        ["size"] = (Expression<Func<Image, long?>>)(i => i.Size),
        ["region"] = (Expression<Func<Image, string>>)(i => i.Region),
        ["visibility"] = (Expression<Func<Image, string?>>)(i => i.Visibility),
        ["os_distro"] = (Expression<Func<Image, string?>>)(i => i.OsDistro),
        ["disk_format"] = (Expression<Func<Image, string?>>)(i => i.DiskFormat),
        ["min_disk"] = (Expression<Func<Image, int>>)(i => i.MinDisk),
        ["min_ram"] = (Expression<Func<Image, int>>)(i => i.MinRam),
    };

    public static readonly ListSchema<Image> Schema = new(Filterable, Orderable, [new OrderTerm("created_at", true)], ["id", "region"]);
}

/// <summary>What one list endpoint allows: filter fields, ordering fields, the default order and the tie-breakers that make it total.</summary>
public sealed record ListSchema<T>(
    IReadOnlyDictionary<string, FilterField> Filterable,
    IReadOnlyDictionary<string, LambdaExpression> Orderable,
    IReadOnlyList<OrderTerm> DefaultOrdering,
    IReadOnlyList<string> TieBreakers)
{
    public IEnumerable<string> FilterableBy(bool staff) => Filterable.Values.Where(f => staff || !f.StaffOnly).Select(f => f.Name);
}
