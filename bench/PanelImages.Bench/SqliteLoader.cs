using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using PanelImages.Access;

namespace PanelImages.Bench;

/// <summary>One transaction of prepared INSERTs, with the images' secondary indexes built once at the end.</summary>
public static class SqliteLoader
{
    public static void DeleteDatabase(string connectionString)
    {
        var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            File.Delete(file + suffix);
    }

    public static void Load(string connectionString, Shape shape)
    {
        using var c = new SqliteConnection(connectionString);
        c.Open();
        Exec(c, "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY;");
        var indexes = new List<(string Name, string Sql)>();
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('images', 'image_members') AND sql IS NOT NULL";
            using var r = cmd.ExecuteReader();
            while (r.Read()) indexes.Add((r.GetString(0), r.GetString(1)));
        }
        foreach (var (name, _) in indexes) Exec(c, $"DROP INDEX \"{name}\"");

        var now = DateTime.UtcNow;
        using var tx = c.BeginTransaction();
        Exec(c, "INSERT INTO regions (Id, Description, Enabled) VALUES ('RegionOne', 'Region one', 1), ('RegionTwo', 'Region two', 1)", tx);
        var insert = Prepare(c, tx, "clients", "Id", "Name", "ResellerId", "CleanupEnabled", "CleanupDays", "CleanupImageTypes");
        foreach (var x in shape.Clients)
            Run(insert, x.Id, x.Name, x.ResellerId, x.CleanupEnabled, x.CleanupDays, Json(x.CleanupImageTypes));
        insert = Prepare(c, tx, "projects", "Id", "ClientId", "Region", "Name");
        foreach (var x in shape.Projects) Run(insert, x.Id, x.ClientId, x.Region, x.Name);
        insert = Prepare(c, tx, "instances", "Id", "Name", "ProjectId", "Region");
        foreach (var x in shape.Instances) Run(insert, x.Id, x.Name, x.ProjectId, x.Region);
        insert = Prepare(c, tx, "images", "Region", "Id", "Name", "Type", "Status", "Visibility", "ContainerFormat", "DiskFormat", "Size", "VirtualSize",
            "CreatedAt", "UpdatedAt", "DeletedAt", "OsDistro", "OsVersion", "Architecture", "HypervisorType", "MinDisk", "MinRam",
            "Protected", "HwQemuGuestAgent", "InstanceUuid", "VolumeSnapshotUuid", "Owner", "ClientId", "ResellerResources",
            "UsedByResellers", "Tags", "PropertiesJson", "SyncedAt");
        foreach (var i in shape.Images())
            Run(insert, i.Region, i.Id, i.Name, i.Type, i.Status, i.Visibility, i.ContainerFormat, i.DiskFormat, i.Size, i.VirtualSize,
                Time(i.CreatedAt), Time(i.UpdatedAt), Time(i.DeletedAt), i.OsDistro, i.OsVersion, i.Architecture, i.HypervisorType, i.MinDisk, i.MinRam,
                i.Protected, i.HwQemuGuestAgent, i.InstanceUuid, i.VolumeSnapshotUuid, i.Owner, i.ClientId, i.ResellerResources,
                Json(i.UsedByResellers), Json(i.Tags), i.PropertiesJson, Time(now));
        insert = Prepare(c, tx, "image_members", "Region", "ImageId", "ProjectId", "Status", "CreatedAt", "UpdatedAt");
        foreach (var m in shape.Members) Run(insert, m.Region, m.ImageId, m.ProjectId, m.Status, Time(m.CreatedAt), Time(m.UpdatedAt));
        foreach (var (user, key, clients) in Shape.Users(now))
        {
            Run(Prepare(c, tx, "users", "Id", "Username", "Audience", "IsActive", "CreatedAt"), user.Id, user.Username, user.Audience.ToString(), true, Time(now));
            Run(Prepare(c, tx, "api_tokens", "UserId", "KeyHash", "Description", "CreatedAt"), user.Id, TokenAuthenticationHandler.HashKey(key), "bench", Time(now));
            foreach (var clientId in clients) Run(Prepare(c, tx, "client_users", "ClientId", "UserId"), clientId, user.Id);
        }
        tx.Commit();
        foreach (var (_, sql) in indexes) Exec(c, sql);
        Exec(c, "ANALYZE;");
    }

    // EF Core's SQLite formats: timestamps as text, primitive collections as JSON arrays.
    private static string? Time(DateTime? value) =>
        value?.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

    private static string Json<T>(List<T> values) => JsonSerializer.Serialize(values);

    private static SqliteCommand Prepare(SqliteConnection c, SqliteTransaction tx, string table, params string[] columns)
    {
        var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, n) => "$p" + n))})";
        for (var n = 0; n < columns.Length; n++) cmd.Parameters.Add(new SqliteParameter("$p" + n, null));
        cmd.Prepare();
        return cmd;
    }

    private static void Run(SqliteCommand cmd, params object?[] values)
    {
        for (var n = 0; n < values.Length; n++) cmd.Parameters[n].Value = values[n] ?? DBNull.Value;
        cmd.ExecuteNonQuery();
    }

    private static void Exec(SqliteConnection c, string sql, SqliteTransaction? tx = null)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
