using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PanelImages.Catalog;

public sealed class CatalogOptions
{
    public const string Section = "Catalog";

    /// <summary><c>sqlite</c> (embedded, the default) or <c>postgres</c>.</summary>
    [RegularExpression("^(?i)(sqlite|postgres|postgresql)$", ErrorMessage = "Catalog:Provider must be sqlite or postgres.")]
    public string Provider { get; set; } = "sqlite";

    /// <summary>Connection string; for SQLite the default is a file under ./data.</summary>
    public string? ConnectionString { get; set; }

    public bool IsPostgres => Provider.StartsWith("postgres", StringComparison.OrdinalIgnoreCase);

    public string EffectiveConnectionString =>
        !string.IsNullOrWhiteSpace(ConnectionString) ? ConnectionString
        : IsPostgres ? throw new InvalidOperationException("Catalog:ConnectionString is required for PostgreSQL.")
        : "Data Source=data/panelimages.db";
}

public static class CatalogSetup
{
    public static IServiceCollection AddCatalog(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CatalogOptions>().BindConfiguration(CatalogOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var options = configuration.GetSection(CatalogOptions.Section).Get<CatalogOptions>() ?? new CatalogOptions();
        var connectionString = options.EffectiveConnectionString;
        // Interceptors registered in DI (diagnostics, tests that count statements) join every context.
        if (options.IsPostgres)
            services.AddDbContextPool<CatalogDb, PostgresCatalogDb>((sp, o) =>
                o.UseNpgsql(connectionString).AddInterceptors(sp.GetServices<IInterceptor>()));
        else
        {
            EnsureSqliteDirectory(connectionString);
            services.AddDbContextPool<CatalogDb, SqliteCatalogDb>((sp, o) =>
                o.UseSqlite(connectionString).AddInterceptors(sp.GetServices<IInterceptor>()));
        }
        return services;
    }

    /// <summary>Creates the database if needed and applies the provider's migrations.</summary>
    public static async Task MigrateCatalogAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
        await db.Database.MigrateAsync(ct);
        if (db is SqliteCatalogDb)
        {
            // WAL lets readers keep answering while the sync writes.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
    }

    private static void EnsureSqliteDirectory(string connectionString)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
        var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(directory) && builder.DataSource != ":memory:")
            Directory.CreateDirectory(directory);
    }
}

// Used only by `dotnet ef migrations add`, one per provider.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteCatalogDb>
{
    public SqliteCatalogDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteCatalogDb>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresCatalogDb>
{
    public PostgresCatalogDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresCatalogDb>().UseNpgsql("Host=localhost;Database=design").Options);
}
