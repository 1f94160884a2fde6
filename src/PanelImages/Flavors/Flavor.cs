using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PanelImages.Flavors;

/// <summary>A Nova flavor of one region, with the projects that may use it when it is not public.</summary>
public sealed class Flavor
{
    public required string Region { get; set; }
    public required string Id { get; set; }
    public required string Name { get; set; }
    public int Vcpus { get; set; }
    /// <summary>MiB, as Nova counts it (and Glance's min_ram).</summary>
    public int Ram { get; set; }
    /// <summary>GiB of root disk, as Glance's min_disk; 0 = sized from the image.</summary>
    public int Disk { get; set; }
    public bool IsPublic { get; set; } = true;
    /// <summary>Projects with access to a private flavor (Nova os-flavor-access).</summary>
    public List<string> ProjectIds { get; set; } = [];
    public DateTime SyncedAt { get; set; }
}

internal sealed class FlavorConfiguration : IEntityTypeConfiguration<Flavor>
{
    public void Configure(EntityTypeBuilder<Flavor> b)
    {
        b.ToTable("flavors");
        b.HasKey(f => new { f.Region, f.Id });
        b.Property(f => f.Region).HasMaxLength(64);
        b.Property(f => f.Id).HasMaxLength(64);
        b.Property(f => f.Name).HasMaxLength(255);
    }
}
