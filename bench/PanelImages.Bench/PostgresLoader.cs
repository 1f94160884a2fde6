using Npgsql;
using NpgsqlTypes;
using PanelImages.Access;
using PanelImages.Catalog;

namespace PanelImages.Bench;

/// <summary>Binary COPY into the migrated schema, with the big tables' secondary indexes built once at the end.</summary>
public static class PostgresLoader
{
    private static readonly string[] BigTables = ["images", "image_members"];

    public static async Task RecreateDatabaseAsync(string connectionString)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var admin = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using var c = new NpgsqlConnection(admin.ConnectionString);
        await c.OpenAsync();
        await Exec(c, $"DROP DATABASE IF EXISTS \"{target.Database}\" WITH (FORCE)");
        await Exec(c, $"CREATE DATABASE \"{target.Database}\"");
    }

    public static async Task LoadAsync(string connectionString, Shape shape)
    {
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync();
        var indexes = new List<string>();
        await using (var cmd = new NpgsqlCommand(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(@t) AND indexname NOT LIKE 'PK\\_%'", c))
        {
            cmd.Parameters.AddWithValue("t", BigTables);
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) indexes.Add(r.GetString(1));
        }
        foreach (var def in indexes)
            await Exec(c, $"DROP INDEX \"{def.Split('"')[1]}\"");

        var now = DateTime.UtcNow;
        await Exec(c, "INSERT INTO regions (\"Id\", \"Description\", \"Enabled\") VALUES ('RegionOne', 'Region one', true), ('RegionTwo', 'Region two', true)");
        await using (var w = await c.BeginBinaryImportAsync("COPY clients (\"Id\", \"Name\", \"ResellerId\", \"CleanupEnabled\", \"CleanupDays\", \"CleanupImageTypes\") FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var x in shape.Clients)
            {
                await w.StartRowAsync();
                await w.WriteAsync(x.Id, NpgsqlDbType.Integer);
                await w.WriteAsync(x.Name, NpgsqlDbType.Varchar);
                await WriteNullable(w, x.ResellerId, NpgsqlDbType.Integer);
                await w.WriteAsync(x.CleanupEnabled, NpgsqlDbType.Boolean);
                await w.WriteAsync(x.CleanupDays, NpgsqlDbType.Integer);
                await w.WriteAsync(x.CleanupImageTypes, NpgsqlDbType.Array | NpgsqlDbType.Text);
            }
            await w.CompleteAsync();
        }
        await using (var w = await c.BeginBinaryImportAsync("COPY projects (\"Id\", \"ClientId\", \"Region\", \"Name\") FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var x in shape.Projects)
            {
                await w.StartRowAsync();
                await w.WriteAsync(x.Id, NpgsqlDbType.Varchar);
                await w.WriteAsync(x.ClientId, NpgsqlDbType.Integer);
                await w.WriteAsync(x.Region, NpgsqlDbType.Text);
                await w.WriteAsync(x.Name, NpgsqlDbType.Text);
            }
            await w.CompleteAsync();
        }
        await using (var w = await c.BeginBinaryImportAsync("COPY instances (\"Id\", \"Name\", \"ProjectId\", \"Region\") FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var x in shape.Instances)
            {
                await w.StartRowAsync();
                await w.WriteAsync(x.Id, NpgsqlDbType.Varchar);
                await w.WriteAsync(x.Name, NpgsqlDbType.Text);
                await w.WriteAsync(x.ProjectId, NpgsqlDbType.Text);
                await w.WriteAsync(x.Region, NpgsqlDbType.Text);
            }
            await w.CompleteAsync();
        }
        await using (var w = await c.BeginBinaryImportAsync(
            "COPY images (\"Region\", \"Id\", \"Name\", \"Type\", \"Status\", \"Visibility\", \"ContainerFormat\", \"DiskFormat\", \"Size\", \"VirtualSize\", " +
            "\"CreatedAt\", \"UpdatedAt\", \"DeletedAt\", \"OsDistro\", \"OsVersion\", \"Architecture\", \"HypervisorType\", \"MinDisk\", \"MinRam\", " +
            "\"Protected\", \"HwQemuGuestAgent\", \"InstanceUuid\", \"VolumeSnapshotUuid\", \"Owner\", \"ClientId\", \"ResellerResources\", " +
            "\"UsedByResellers\", \"Tags\", \"PropertiesJson\", \"SyncedAt\") FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var i in shape.Images())
            {
                await w.StartRowAsync();
                await w.WriteAsync(i.Region, NpgsqlDbType.Varchar);
                await w.WriteAsync(i.Id, NpgsqlDbType.Varchar);
                await WriteText(w, i.Name);
                await w.WriteAsync(i.Type, NpgsqlDbType.Text);
                await WriteText(w, i.Status);
                await WriteText(w, i.Visibility);
                await WriteText(w, i.ContainerFormat);
                await WriteText(w, i.DiskFormat);
                await WriteNullable(w, i.Size, NpgsqlDbType.Bigint);
                await WriteNullable(w, i.VirtualSize, NpgsqlDbType.Bigint);
                await WriteNullable(w, i.CreatedAt, NpgsqlDbType.TimestampTz);
                await WriteNullable(w, i.UpdatedAt, NpgsqlDbType.TimestampTz);
                await WriteNullable(w, i.DeletedAt, NpgsqlDbType.TimestampTz);
                await WriteText(w, i.OsDistro);
                await WriteText(w, i.OsVersion);
                await WriteText(w, i.Architecture);
                await WriteText(w, i.HypervisorType);
                await w.WriteAsync(i.MinDisk, NpgsqlDbType.Integer);
                await w.WriteAsync(i.MinRam, NpgsqlDbType.Integer);
                await w.WriteAsync(i.Protected, NpgsqlDbType.Boolean);
                await w.WriteAsync(i.HwQemuGuestAgent, NpgsqlDbType.Boolean);
                await WriteText(w, i.InstanceUuid);
                await WriteText(w, i.VolumeSnapshotUuid);
                await WriteText(w, i.Owner);
                await WriteNullable(w, i.ClientId, NpgsqlDbType.Integer);
                await WriteNullable(w, i.ResellerResources, NpgsqlDbType.Integer);
                await w.WriteAsync(i.UsedByResellers, NpgsqlDbType.Array | NpgsqlDbType.Integer);
                await w.WriteAsync(i.Tags, NpgsqlDbType.Array | NpgsqlDbType.Text);
                await w.WriteAsync(i.PropertiesJson, NpgsqlDbType.Text);
                await w.WriteAsync(now, NpgsqlDbType.TimestampTz);
            }
            await w.CompleteAsync();
        }
        await using (var w = await c.BeginBinaryImportAsync(
            "COPY image_members (\"Region\", \"ImageId\", \"ProjectId\", \"Status\", \"CreatedAt\", \"UpdatedAt\") FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var m in shape.Members)
            {
                await w.StartRowAsync();
                await w.WriteAsync(m.Region, NpgsqlDbType.Varchar);
                await w.WriteAsync(m.ImageId, NpgsqlDbType.Varchar);
                await w.WriteAsync(m.ProjectId, NpgsqlDbType.Varchar);
                await w.WriteAsync(m.Status, NpgsqlDbType.Varchar);
                await WriteNullable(w, m.CreatedAt, NpgsqlDbType.TimestampTz);
                await WriteNullable(w, m.UpdatedAt, NpgsqlDbType.TimestampTz);
            }
            await w.CompleteAsync();
        }
        foreach (var (user, key, clients) in Shape.Users(now))
        {
            await Exec(c, "INSERT INTO users (\"Id\", \"Username\", \"Audience\", \"IsActive\", \"CreatedAt\") VALUES (@id, @name, @aud, true, @now)",
                ("id", user.Id), ("name", user.Username), ("aud", user.Audience.ToString()), ("now", now));
            await Exec(c, "INSERT INTO api_tokens (\"UserId\", \"KeyHash\", \"Description\", \"CreatedAt\") VALUES (@id, @hash, 'bench', @now)",
                ("id", user.Id), ("hash", TokenAuthenticationHandler.HashKey(key)), ("now", now));
            foreach (var clientId in clients)
                await Exec(c, "INSERT INTO client_users (\"ClientId\", \"UserId\") VALUES (@c, @u)", ("c", clientId), ("u", user.Id));
        }
        // Identity sequences do not move on explicit ids.
        await Exec(c, "SELECT setval(pg_get_serial_sequence('users', 'Id'), (SELECT max(\"Id\") FROM users))");

        // One build per index after the load is far cheaper than maintaining them row by row; 2 cores, so 2 workers.
        await Exec(c, "SET maintenance_work_mem = '512MB'");
        await Exec(c, "SET max_parallel_maintenance_workers = 2");
        foreach (var def in indexes) await Exec(c, def);
        await Exec(c, "VACUUM ANALYZE");
    }

    private static Task WriteText(NpgsqlBinaryImporter w, string? value) =>
        value is null ? w.WriteNullAsync() : w.WriteAsync(value, NpgsqlDbType.Text);

    private static Task WriteNullable<T>(NpgsqlBinaryImporter w, T? value, NpgsqlDbType type) where T : struct =>
        value is T v ? w.WriteAsync(v, type) : w.WriteNullAsync();

    private static async Task Exec(NpgsqlConnection c, string sql, params (string Name, object Value)[] parameters)
    {
        await using var cmd = new NpgsqlCommand(sql, c) { CommandTimeout = 0 };
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
        await cmd.ExecuteNonQueryAsync();
    }
}
