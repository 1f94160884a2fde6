using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PanelImages.Catalog;
using PanelImages.Demo;

namespace PanelImages.BrowserTests.Infrastructure;

public enum Database { Sqlite, Postgres }

/// <summary>
/// The real app on Kestrel at a free 127.0.0.1 port, with the built page, on a fresh SQLite file or a fresh database
/// on the shared PostgreSQL (or, for several instances, on a database another host created).
/// </summary>
public sealed class PageHost : WebApplicationFactory<Program>
{
    public const string DefaultPostgres = "Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres";
    public Database Kind { get; }
    public string ConnectionString { get; }
    public Dictionary<string, string?> Settings { get; } = new() { ["Sync:Enabled"] = "false" };
    private readonly string? _sqlitePath;
    private readonly string? _ownedPostgresDatabase;

    public PageHost(Database kind = Database.Sqlite, string? sharedConnectionString = null)
    {
        Kind = kind;
        if (sharedConnectionString is not null) ConnectionString = sharedConnectionString;
        else if (kind == Database.Sqlite)
        {
            _sqlitePath = Path.Combine(Path.GetTempPath(), $"panelimages-browser-{Guid.NewGuid():N}.db");
            ConnectionString = $"Data Source={_sqlitePath}";
        }
        else
        {
            _ownedPostgresDatabase = $"panelimages_browser_{Guid.NewGuid():N}";
            ConnectionString = new NpgsqlConnectionStringBuilder(PostgresServer) { Database = _ownedPostgresDatabase }.ConnectionString;
        }
        UseKestrel(0);
    }

    public static string PostgresServer =>
        Environment.GetEnvironmentVariable("PANELIMAGES_TEST_POSTGRES") is { Length: > 0 } cs ? cs : DefaultPostgres;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("urls", "http://127.0.0.1:0");
        builder.UseSetting("Catalog:Provider", Kind == Database.Sqlite ? "sqlite" : "postgres");
        builder.UseSetting("Catalog:ConnectionString", ConnectionString);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
    }

    /// <summary>The page's address once the server runs.</summary>
    public string BaseUrl { get; private set; } = "";

    public async Task<PageHost> StartAsync(bool demo = true)
    {
        StartServer();
        BaseUrl = ClientOptions.BaseAddress.ToString().TrimEnd('/');
        if (demo) await DemoCatalogue.LoadAsync(Services);
        return this;
    }

    public async Task<T> WithDbAsync<T>(Func<CatalogDb, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<CatalogDb>());
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_sqlitePath is not null)
            foreach (var f in new[] { _sqlitePath, _sqlitePath + "-wal", _sqlitePath + "-shm" }) File.Delete(f);
        if (_ownedPostgresDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(PostgresServer);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_ownedPostgresDatabase}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
