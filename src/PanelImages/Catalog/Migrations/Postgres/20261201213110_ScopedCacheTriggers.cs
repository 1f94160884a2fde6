using Microsoft.EntityFrameworkCore.Migrations;
using PanelImages.Caching;

#nullable disable

namespace PanelImages.Catalog.Migrations.Postgres
{
    /// <summary>
    /// One catalogue-wide version became a version per caller scope (Caching/CacheTriggers.cs): a change invalidates
    /// only the cached answers of those who can see it. The triggers' SQL is generated there, for both providers.
    /// </summary>
    public partial class ScopedCacheTriggers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER images_bump_catalog_version ON images;
                DROP TRIGGER image_members_bump_catalog_version ON image_members;
                DROP TRIGGER clients_bump_catalog_version ON clients;
                DROP TRIGGER projects_bump_catalog_version ON projects;
                DROP TRIGGER instances_bump_catalog_version ON instances;
                DROP FUNCTION bump_catalog_version();
                """);
            migrationBuilder.Sql(CacheTriggers.Postgres.Create);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(CacheTriggers.Postgres.Drop);
            migrationBuilder.Sql("""
                CREATE FUNCTION bump_catalog_version() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN UPDATE catalog_version SET "Value" = "Value" + 1 WHERE "Id" = 1; RETURN NULL; END $$;
                CREATE TRIGGER images_bump_catalog_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON images
                    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_version();
                CREATE TRIGGER image_members_bump_catalog_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON image_members
                    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_version();
                CREATE TRIGGER clients_bump_catalog_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON clients
                    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_version();
                CREATE TRIGGER projects_bump_catalog_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON projects
                    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_version();
                CREATE TRIGGER instances_bump_catalog_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON instances
                    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_version();
                """);
        }
    }
}
