using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace PanelImages.Catalog;

/// <summary>
/// The catalogue. Each database provider has its own subclass so that each keeps its own migrations
/// (SQLite and PostgreSQL differ in types and in what a migration may do).
/// </summary>
public abstract class CatalogDb(DbContextOptions options) : DbContext(options),
    Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.IDataProtectionKeyContext
{
    public DbSet<Region> Regions => Set<Region>();
    public DbSet<Client> Clients => Set<Client>();
    public DbSet<Project> Projects => Set<Project>();
    public DbSet<Instance> Instances => Set<Instance>();
    public DbSet<User> Users => Set<User>();
    public DbSet<ClientUser> ClientUsers => Set<ClientUser>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<PermissionGrant> PermissionGrants => Set<PermissionGrant>();
    public DbSet<Image> Images => Set<Image>();
    public DbSet<ImageMember> ImageMembers => Set<ImageMember>();
    public DbSet<Audit.AuditEntry> AuditLog => Set<Audit.AuditEntry>();
    public DbSet<PanelImages.Sync.RegionSyncState> RegionSyncStates => Set<PanelImages.Sync.RegionSyncState>();
    public DbSet<PanelImages.Notifications.NotificationInboxEntry> NotificationInbox => Set<PanelImages.Notifications.NotificationInboxEntry>();
    // Sign-in (Auth/): credentials, sessions, throttling, and the data-protection keys every instance shares.
    public DbSet<Auth.UserCredential> Credentials => Set<Auth.UserCredential>();
    public DbSet<Auth.RecoveryCode> RecoveryCodes => Set<Auth.RecoveryCode>();
    public DbSet<Auth.SignInSession> Sessions => Set<Auth.SignInSession>();
    public DbSet<Auth.SignInThrottle> SignInThrottles => Set<Auth.SignInThrottle>();
    public DbSet<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey> DataProtectionKeys =>
        Set<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey>();
    public DbSet<PanelImages.Projects.KeystoneProject> KeystoneProjects => Set<PanelImages.Projects.KeystoneProject>();
    public DbSet<PanelImages.Flavors.Flavor> Flavors => Set<PanelImages.Flavors.Flavor>();
    public DbSet<PanelImages.Nova.ResourceSyncState> ResourceSyncStates => Set<PanelImages.Nova.ResourceSyncState>();
    public DbSet<PanelImages.Cleanup.CleanupRun> CleanupRuns => Set<PanelImages.Cleanup.CleanupRun>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CatalogDb).Assembly);
}

public sealed class SqliteCatalogDb(DbContextOptions<SqliteCatalogDb> options) : CatalogDb(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite keeps no time zone: every timestamp in the catalogue is UTC, so say so when reading it back.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}

public sealed class PostgresCatalogDb(DbContextOptions<PostgresCatalogDb> options) : CatalogDb(options);
