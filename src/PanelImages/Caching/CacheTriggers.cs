namespace PanelImages.Caching;

/// <summary>
/// What moves a cache: every table a list or retrieve response reads, and which caller scopes a change to a row of it
/// can concern. Both providers' trigger SQL is generated from this one list, so a table a response starts to read
/// is added here once (CacheTriggersTests proves every table read while rendering is listed).
/// </summary>
/// <remarks>
/// Scope names (see <see cref="CacheScope"/>): <c>all</c> (staff: every change), <c>c:{client}</c> (the owner's client
/// and the clients of member projects), <c>r:{reseller}</c> (images attributed to a reseller), <c>public</c> and
/// <c>community</c> (everyone who asked for them), <c>*</c> (everything, after a TRUNCATE). A trigger takes the next
/// <c>catalog_version</c> (one row: writers serialize on it, so versions commit in order) and stamps it on each
/// scope its rows concern, old and new values alike, in the writer's own transaction.
/// An SQLite migration that rebuilds one of these tables drops its triggers: re-run <see cref="Sqlite"/>.Create.
/// </remarks>
public static class CacheTriggers
{
    public const string Channel = "panelimages_catalog";
    public const string ScopeTable = "catalog_scope_versions";

    /// <summary>The scopes an image set concerns; <paramref name="rows"/> yields Region, Id, ClientId,
    /// ResellerResources and Visibility.</summary>
    private static string ImageScopes(string rows) => $"""
        SELECT 'c:' || r."ClientId" FROM {rows} r
        UNION SELECT 'r:' || r."ResellerResources" FROM {rows} r
        UNION SELECT r."Visibility" FROM {rows} r WHERE r."Visibility" IN ('public', 'community')
        UNION SELECT 'c:' || p."ClientId" FROM {rows} r
            JOIN image_members m ON m."Region" = r."Region" AND m."ImageId" = r."Id"
            JOIN projects p ON p."Id" = m."ProjectId"
        """;

    private const string ImageColumns = "i.\"Region\", i.\"Id\", i.\"ClientId\", i.\"ResellerResources\", i.\"Visibility\"";

    public sealed record WatchedTable(string Name, string[] Columns, Func<string, string> Scopes);

    public static readonly WatchedTable[] Tables =
    [
        new("images", ["Region", "Id", "ClientId", "ResellerResources", "Visibility"], ImageScopes),
        // A membership concerns its project's client and everyone who sees the image.
        new("image_members", ["Region", "ImageId", "ProjectId"], rows => $"""
            SELECT 'c:' || p."ClientId" FROM {rows} x JOIN projects p ON p."Id" = x."ProjectId"
            UNION {ImageScopes($"(SELECT {ImageColumns} FROM images i JOIN {rows} x ON i.\"Region\" = x.\"Region\" AND i.\"Id\" = x.\"ImageId\")")}
            """),
        // A project's client decides whose shares it carries (images' own ClientId moves with their rows).
        new("projects", ["Id", "ClientId"], rows => $"SELECT 'c:' || x.\"ClientId\" FROM {rows} x"),
        // A client's name and cleanup policy show on its images, public and community ones included (rare writes).
        new("clients", ["Id"], rows => $"SELECT 'c:' || x.\"Id\" FROM {rows} x UNION SELECT 'public' UNION SELECT 'community'"),
        // An instance's name shows on the images made from it.
        new("instances", ["Id"], rows =>
            ImageScopes($"(SELECT {ImageColumns} FROM images i JOIN {rows} x ON i.\"InstanceUuid\" = x.\"Id\")")),
    ];

    /// <summary>
    /// For a write to a table that has no triggers (flavors): every cached answer is recomputed. The same SQL on both
    /// providers; on PostgreSQL <see cref="Nova.CatalogVersionBump"/> adds the NOTIFY the triggers send.
    /// </summary>
    public const string MoveEverything = $"""
        UPDATE catalog_version SET "Value" = "Value" + 1 WHERE "Id" = 1;
        INSERT INTO {ScopeTable} ("Scope", "Version") SELECT '*', "Value" FROM catalog_version WHERE "Id" = 1
            ON CONFLICT ("Scope") DO UPDATE SET "Version" = excluded."Version";
        """;

    private static string Stamp(string scopes, string version) => $"""
        INSERT INTO {ScopeTable} ("Scope", "Version")
            SELECT s."Scope", {version} FROM (SELECT 'all' AS "Scope" UNION {scopes}) s WHERE s."Scope" IS NOT NULL
            ON CONFLICT ("Scope") DO UPDATE SET "Version" = excluded."Version";
        """;

    private const string CreateScopeTable = $"""
        CREATE TABLE {ScopeTable} ("Scope" text PRIMARY KEY, "Version" bigint NOT NULL);
        CREATE INDEX ix_{ScopeTable}_version ON {ScopeTable} ("Version");
        """;

    /// <summary>Row triggers: SQLite has no statement triggers; OLD/NEW values are read as a one-row table.</summary>
    public static class Sqlite
    {
        private static string Row(WatchedTable t, string which) =>
            "(SELECT " + string.Join(", ", t.Columns.Select(c => $"{which}.\"{c}\" AS \"{c}\"")) + ")";

        private const string Version = "(SELECT \"Value\" FROM catalog_version WHERE \"Id\" = 1)";

        public static string Create => CreateScopeTable + string.Concat(Tables.SelectMany(t => new[]
        {
            Trigger(t, "INSERT", t.Scopes(Row(t, "NEW"))),
            Trigger(t, "UPDATE", t.Scopes(Row(t, "OLD")) + "\nUNION " + t.Scopes(Row(t, "NEW"))),
            Trigger(t, "DELETE", t.Scopes(Row(t, "OLD"))),
        }));

        private static string Trigger(WatchedTable t, string op, string scopes) => $"""
            CREATE TRIGGER {t.Name}_{op.ToLowerInvariant()}_moves_caches AFTER {op} ON {t.Name} BEGIN
                UPDATE catalog_version SET "Value" = "Value" + 1 WHERE "Id" = 1;
                {Stamp(scopes, Version)}
            END;

            """;

        public static string Drop => string.Concat(Tables.SelectMany(t => new[] { "insert", "update", "delete" }
            .Select(op => $"DROP TRIGGER {t.Name}_{op}_moves_caches;\n"))) + $"DROP TABLE {ScopeTable};\n";
    }

    /// <summary>
    /// Statement triggers over transition tables (one per event: PostgreSQL allows transition tables only on
    /// single-event triggers), and a NOTIFY that reaches listeners when the writer commits.
    /// </summary>
    public static class Postgres
    {
        private static readonly (string Op, string Referencing, Func<WatchedTable, string> Scopes)[] Events =
        [
            ("INSERT", "NEW TABLE AS new_rows", t => t.Scopes("new_rows")),
            ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows", t => t.Scopes("old_rows") + "\nUNION " + t.Scopes("new_rows")),
            ("DELETE", "OLD TABLE AS old_rows", t => t.Scopes("old_rows")),
        ];

        public static string Create => CreateScopeTable + $"""
            CREATE FUNCTION truncate_moves_caches() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE v bigint;
            BEGIN
                UPDATE catalog_version SET "Value" = "Value" + 1 WHERE "Id" = 1 RETURNING "Value" INTO v;
                {Stamp("SELECT '*'", "v")}
                PERFORM pg_notify('{Channel}', '');
                RETURN NULL;
            END $$;

            """ + string.Concat(Tables.SelectMany(t => Events.Select(e => Function(t, e.Op, e.Referencing, e.Scopes(t)))
                .Append($"CREATE TRIGGER {t.Name}_truncate_moves_caches AFTER TRUNCATE ON {t.Name} " +
                    "FOR EACH STATEMENT EXECUTE FUNCTION truncate_moves_caches();\n")));

        private static string Function(WatchedTable t, string op, string referencing, string scopes)
        {
            var name = $"{t.Name}_{op.ToLowerInvariant()}_moves_caches";
            return $"""
                CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE v bigint;
                BEGIN
                    UPDATE catalog_version SET "Value" = "Value" + 1 WHERE "Id" = 1 RETURNING "Value" INTO v;
                    {Stamp(scopes, "v")}
                    PERFORM pg_notify('{Channel}', '');
                    RETURN NULL;
                END $$;
                CREATE TRIGGER {name} AFTER {op} ON {t.Name} REFERENCING {referencing}
                    FOR EACH STATEMENT EXECUTE FUNCTION {name}();

                """;
        }

        public static string Drop => string.Concat(Tables.SelectMany(t => Events
            .Select(e => $"DROP FUNCTION {t.Name}_{e.Op.ToLowerInvariant()}_moves_caches() CASCADE;\n")
            .Append($"DROP TRIGGER {t.Name}_truncate_moves_caches ON {t.Name};\n")))
            + $"DROP FUNCTION truncate_moves_caches();\nDROP TABLE {ScopeTable};\n";
    }
}
