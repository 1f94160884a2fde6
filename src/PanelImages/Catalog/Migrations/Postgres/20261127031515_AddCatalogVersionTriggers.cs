using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PanelImages.Catalog.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddCatalogVersionTriggers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A cached list response also shows clients (name, cleanup policy), project mappings and instances: their
            // changes move the catalogue version too (Listing/ListResponseCache.cs).
            migrationBuilder.Sql("""
                CREATE TRIGGER clients_bump_catalog_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON clients
                    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_version();
                CREATE TRIGGER projects_bump_catalog_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON projects
                    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_version();
                CREATE TRIGGER instances_bump_catalog_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON instances
                    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_version();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER clients_bump_catalog_version ON clients;
                DROP TRIGGER projects_bump_catalog_version ON projects;
                DROP TRIGGER instances_bump_catalog_version ON instances;
                """);
        }
    }
}
