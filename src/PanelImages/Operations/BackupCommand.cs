using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PanelImages.Catalog;
using PanelImages.Sync;

namespace PanelImages.Operations;

/// <summary>
/// <c>PanelImages backup FILE</c> / <c>restore FILE [--replace]</c> of an embedded SQLite catalogue. Backup uses SQLite's
/// online backup API: a consistent copy while the service runs and writes. Restore (service stopped) copies it into
/// the configured catalogue, migrates it to this build's schema and makes the next sync a full one, so that the
/// images (Glance's, not the panel's) are read again and everything Glance changed since the backup is taken.
/// PostgreSQL catalogues are backed up with pg_dump (README "Operate it").
/// </summary>
public static class BackupCommand
{
    public const string Usage = """
        usage: PanelImages backup <file>                 online, consistent copy of the SQLite catalogue
               PanelImages restore <file> [--replace]    into the configured catalogue (service stopped);
                                                        --replace when that catalogue already holds data
          Catalogue selection: --Catalog:ConnectionString "Data Source=..."; PostgreSQL: use pg_dump / pg_restore.
        """;

    public static bool Handles(string[] args) => args.Length > 0 && args[0] is "backup" or "restore";

    public static async Task<int> RunAsync(string[] args)
    {
        var rest = args.Skip(1).ToList();
        var replace = rest.Remove("--replace");
        List<string> positional = [], settings = [];
        for (var i = 0; i < rest.Count; i++)
        {
            if (rest[i].StartsWith("--") && rest[i].Contains(':') && i + 1 < rest.Count) settings.AddRange([rest[i], rest[++i]]);
            else positional.Add(rest[i]);
        }
        if (positional is not [var file] || file.StartsWith("--"))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        var builder = Host.CreateApplicationBuilder(settings.ToArray());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddCatalog(builder.Configuration);
        using var host = builder.Build();
        var catalog = host.Services.GetRequiredService<IOptions<CatalogOptions>>().Value;
        if (catalog.IsPostgres)
        {
            Console.Error.WriteLine("error: the catalogue is PostgreSQL: back it up with pg_dump -Fc and restore with pg_restore (README \"Operate it\").");
            return 2;
        }
        try
        {
            return args[0] == "backup"
                ? await BackupAsync(catalog.EffectiveConnectionString, Path.GetFullPath(file))
                : await RestoreAsync(host.Services, catalog.EffectiveConnectionString, Path.GetFullPath(file), replace);
        }
        catch (SqliteException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    private static async Task<int> BackupAsync(string connectionString, string file)
    {
        var source = new SqliteConnectionStringBuilder(connectionString) { Mode = SqliteOpenMode.ReadOnly };
        if (!File.Exists(source.DataSource)) { Console.Error.WriteLine($"error: no catalogue at {source.DataSource}"); return 2; }
        if (File.Exists(file)) { Console.Error.WriteLine($"error: {file} exists; choose a new file"); return 2; }
        var partial = file + ".partial";
        await using (var from = new SqliteConnection(source.ConnectionString))
        await using (var to = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = partial, Pooling = false }.ConnectionString))
        {
            await from.OpenAsync();
            await to.OpenAsync();
            from.BackupDatabase(to); // one consistent snapshot, taken while writers go on (WAL)
            await using var mode = to.CreateCommand();
            mode.CommandText = "PRAGMA journal_mode=DELETE;"; // one self-contained file
            await mode.ExecuteNonQueryAsync();
            await CheckAsync(to);
        }
        File.Move(partial, file);
        Console.WriteLine($"backup {file} ({new FileInfo(file).Length} bytes)");
        return 0;
    }

    private static async Task<int> RestoreAsync(IServiceProvider services, string connectionString, string file, bool replace)
    {
        if (!File.Exists(file)) { Console.Error.WriteLine($"error: no backup at {file}"); return 2; }
        await using (var backup = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString))
        {
            await backup.OpenAsync();
            await CheckAsync(backup);
            await using var probe = backup.CreateCommand();
            probe.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = '__EFMigrationsHistory'";
            if ((long)(await probe.ExecuteScalarAsync())! == 0) { Console.Error.WriteLine($"error: {file} is not a PanelImages catalogue"); return 2; }

            var target = new SqliteConnectionStringBuilder(connectionString) { Pooling = false };
            if (!replace && File.Exists(target.DataSource) && new FileInfo(target.DataSource).Length > 0)
            {
                Console.Error.WriteLine($"error: {target.DataSource} exists; stop the service and add --replace to overwrite it");
                return 2;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(target.DataSource))!);
            await using var to = new SqliteConnection(target.ConnectionString);
            await to.OpenAsync();
            backup.BackupDatabase(to);
        }
        SqliteConnection.ClearAllPools();
        await services.MigrateCatalogAsync();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
        // The images in the backup are as old as it is: the next sync must be a full one (deletions included).
        await db.Set<RegionSyncState>().ExecuteUpdateAsync(s => s
            .SetProperty(r => r.LastFullSyncAt, (DateTime?)null).SetProperty(r => r.LastSeenUpdatedAt, (DateTime?)null));
        Console.WriteLine($"restored {file}: {await db.Users.CountAsync()} users, {await db.ApiTokens.CountAsync()} tokens, " +
                          $"{await db.AuditLog.CountAsync()} activity log entries; the next sync is a full one");
        return 0;
    }

    private static async Task CheckAsync(SqliteConnection connection)
    {
        await using var check = connection.CreateCommand();
        check.CommandText = "PRAGMA integrity_check;";
        if (await check.ExecuteScalarAsync() is not "ok") throw new SqliteException("the copy failed SQLite's integrity check", 11);
    }
}
