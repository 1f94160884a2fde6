using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PanelImages.Catalog;

internal sealed class RegionConfiguration : IEntityTypeConfiguration<Region>
{
    public void Configure(EntityTypeBuilder<Region> b)
    {
        b.ToTable("regions");
        b.Property(r => r.Id).HasMaxLength(64);
    }
}

internal sealed class ClientConfiguration : IEntityTypeConfiguration<Client>
{
    public void Configure(EntityTypeBuilder<Client> b)
    {
        b.ToTable("clients");
        b.Property(c => c.Id).ValueGeneratedNever();
        b.Property(c => c.Name).HasMaxLength(255);
        b.HasIndex(c => c.ResellerId);
        b.Ignore(c => c.Display);
    }
}

internal sealed class ProjectConfiguration : IEntityTypeConfiguration<Project>
{
    public void Configure(EntityTypeBuilder<Project> b)
    {
        b.ToTable("projects");
        b.Property(p => p.Id).HasMaxLength(64);
        b.HasOne<Client>().WithMany().HasForeignKey(p => p.ClientId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(p => p.ClientId);
        b.Property(p => p.MappedBy).HasMaxLength(16).HasDefaultValue("manual");
    }
}

internal sealed class InstanceConfiguration : IEntityTypeConfiguration<Instance>
{
    public void Configure(EntityTypeBuilder<Instance> b)
    {
        b.ToTable("instances");
        b.Property(i => i.Id).HasMaxLength(64);
        b.HasIndex(i => i.ProjectId);
        b.HasIndex(i => new { i.Region, i.ImageId });
    }
}

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> b)
    {
        b.ToTable("users");
        b.Property(u => u.Username).HasMaxLength(150);
        b.HasIndex(u => u.Username).IsUnique();
        b.Property(u => u.Audience).HasConversion<string>().HasMaxLength(16);
    }
}

internal sealed class ClientUserConfiguration : IEntityTypeConfiguration<ClientUser>
{
    public void Configure(EntityTypeBuilder<ClientUser> b)
    {
        b.ToTable("client_users");
        b.HasKey(cu => new { cu.ClientId, cu.UserId });
        b.HasOne<Client>().WithMany().HasForeignKey(cu => cu.ClientId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<User>().WithMany().HasForeignKey(cu => cu.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(cu => cu.UserId);
    }
}

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> b)
    {
        b.ToTable("api_tokens");
        b.Property(t => t.KeyHash).HasMaxLength(64);
        b.HasIndex(t => t.KeyHash).IsUnique();
        b.HasOne(t => t.User).WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PermissionGrantConfiguration : IEntityTypeConfiguration<PermissionGrant>
{
    public void Configure(EntityTypeBuilder<PermissionGrant> b)
    {
        b.ToTable("permission_grants");
        b.HasKey(g => new { g.UserId, g.Name });
        b.Property(g => g.Name).HasMaxLength(64);
        b.HasOne<User>().WithMany().HasForeignKey(g => g.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ImageConfiguration : IEntityTypeConfiguration<Image>
{
    public void Configure(EntityTypeBuilder<Image> b)
    {
        b.ToTable("images");
        b.HasKey(i => new { i.Region, i.Id });
        b.Property(i => i.Region).HasMaxLength(64);
        b.Property(i => i.Id).HasMaxLength(64);
        // No length limits on Glance's values: a value the catalogue cannot hold would be an image lost (reference bug B16).
        b.HasMany(i => i.Members).WithOne().HasForeignKey(m => new { m.Region, m.ImageId }).OnDelete(DeleteBehavior.Cascade);

        // What the audiences' visibility rules, the filters and the orderings use. Each ordering index ends in the
        // tie-breakers Id and Region, so a page is one index range scan. The default order's index also carries Status
        // (the staff filter): deep pages skip their offset in it without reading a table row. The own-client index
        // carries Status too, so an end user's count of their own images reads no table row either.
        b.HasIndex(i => new { i.ClientId, i.CreatedAt, i.Id, i.Region, i.Status });
        b.HasIndex(i => new { i.CreatedAt, i.Id, i.Region, i.Status });
        b.HasIndex(i => new { i.UpdatedAt, i.Id });
        b.HasIndex(i => new { i.Name, i.Id });
        b.HasIndex(i => new { i.Size, i.Id });
        b.HasIndex(i => new { i.Visibility, i.CreatedAt });
        b.HasIndex(i => new { i.Status, i.CreatedAt });
        b.HasIndex(i => new { i.ResellerResources, i.CreatedAt });
        b.HasIndex(i => i.Type);
        b.HasIndex(i => i.Owner);
        b.HasIndex(i => i.InstanceUuid);
        b.HasIndex(i => i.Id);
    }
}

internal sealed class ImageMemberConfiguration : IEntityTypeConfiguration<ImageMember>
{
    public void Configure(EntityTypeBuilder<ImageMember> b)
    {
        b.ToTable("image_members");
        b.HasKey(m => new { m.Region, m.ImageId, m.ProjectId });
        b.Property(m => m.ProjectId).HasMaxLength(64);
        b.Property(m => m.Status).HasMaxLength(16);
        b.HasIndex(m => new { m.ProjectId, m.Status });
    }
}
