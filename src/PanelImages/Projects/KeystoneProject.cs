using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PanelImages.Projects;

/// <summary>
/// A project as Keystone lists it (every project of the cloud, synced). Whether it belongs to a client is the
/// <see cref="Catalog.Project"/> row of the same id, made by hand or by the mapping rule.
/// </summary>
public sealed class KeystoneProject
{
    public required string Id { get; set; }
    public string? Name { get; set; }
    public string? DomainId { get; set; }
    public bool Enabled { get; set; } = true;
    public bool IsDomain { get; set; }
    public List<string> Tags { get; set; } = [];
    /// <summary>The value of the configured Keystone property (Projects:Mapping:Property), when the project has it.</summary>
    public string? MappingProperty { get; set; }
    /// <summary>Why the mapping rule did not map it (null when mapped or not yet judged).</summary>
    public string? UnmappedReason { get; set; }
    public DateTime SyncedAt { get; set; }
}

internal sealed class KeystoneProjectConfiguration : IEntityTypeConfiguration<KeystoneProject>
{
    public void Configure(EntityTypeBuilder<KeystoneProject> b)
    {
        b.ToTable("keystone_projects");
        b.Property(p => p.Id).HasMaxLength(64);
        b.Property(p => p.DomainId).HasMaxLength(64);
        b.HasIndex(p => p.Name);
    }
}
