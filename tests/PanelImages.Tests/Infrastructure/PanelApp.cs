using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PanelImages.Catalog;

namespace PanelImages.Tests.Infrastructure;

public enum DatabaseKind { Sqlite, Postgres }

/// <summary>
/// The real app on a real catalogue of its own: a fresh SQLite file, or a fresh database on the PostgreSQL
/// server that scripts/postgres-up.sh starts (PANELIMAGES_TEST_POSTGRES overrides where it is).
/// </summary>
public sealed class PanelApp : WebApplicationFactory<Program>
{
    public const string DefaultPostgres = "Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres";
    private readonly string _connectionString;
    private readonly string? _sqlitePath;
    private readonly string? _postgresDatabase;
    public DatabaseKind Kind { get; }
    public string ConnectionString => _connectionString;
    public Dictionary<string, string?> Settings { get; } = new();
    /// <summary>Every SQL statement the app sends passes through this counter.</summary>
    public Listing.SqlStatementCounter Statements { get; } = new();

    /// <summary>Replacements of the app's services (a clock, a startup filter) applied after the app's own.</summary>
    public List<Action<IServiceCollection>> ServiceOverrides { get; } = [];

    /// <summary>Another instance on the catalogue of <paramref name="catalogueOf"/>, which it never drops.</summary>
    public PanelApp(PanelApp catalogueOf)
    {
        Kind = catalogueOf.Kind;
        _connectionString = catalogueOf._connectionString;
    }

    public PanelApp(DatabaseKind kind)
    {
        Kind = kind;
        if (kind == DatabaseKind.Sqlite)
        {
            _sqlitePath = Path.Combine(Path.GetTempPath(), $"panelimages-test-{Guid.NewGuid():N}.db");
            _connectionString = $"Data Source={_sqlitePath}";
        }
        else
        {
            _postgresDatabase = $"panelimages_test_{Guid.NewGuid():N}";
            _connectionString = new NpgsqlConnectionStringBuilder(PostgresServer) { Database = _postgresDatabase }.ConnectionString;
        }
    }

    private PanelApp(DatabaseKind kind, string connectionString)
    {
        Kind = kind;
        _connectionString = connectionString;
    }

    /// <summary>Another instance of the service on this one's catalogue (which it neither creates nor drops).</summary>
    public PanelApp AnotherInstance() => new(Kind, _connectionString);

    public static string PostgresServer =>
        Environment.GetEnvironmentVariable("PANELIMAGES_TEST_POSTGRES") is { Length: > 0 } cs ? cs : DefaultPostgres;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Catalog:Provider", Kind == DatabaseKind.Sqlite ? "sqlite" : "postgres");
        builder.UseSetting("Catalog:ConnectionString", _connectionString);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<IInterceptor>(Statements);
            foreach (var configure in ServiceOverrides) configure(services);
        });
    }

    /// <summary>Starts the app (which creates and migrates its catalogue) and hands a DbContext to <paramref name="seed"/>.</summary>
    public async Task SeedAsync(Func<CatalogDb, Task> seed)
    {
        _ = Server; // the first use builds the host, which migrates
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
        await seed(db);
        await db.SaveChangesAsync();
    }

    public HttpClient ClientWithToken(string? token)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://panel.test") });
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", token);
        return client;
    }

    public async Task<(int Status, JsonNode? Body)> GetJsonAsync(string token, string url)
    {
        using var client = ClientWithToken(token);
        using var response = await client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.MediaType ?? "application/json");
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_sqlitePath is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_sqlitePath + suffix);
        }
        if (_postgresDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(PostgresServer);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresDatabase}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
