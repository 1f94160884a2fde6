using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PanelImages.Catalog.Migrations.Sqlite
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
                CREATE TRIGGER clients_insert_bump_catalog_version AFTER INSERT ON clients
                    BEGIN UPDATE catalog_version SET "Value" = "Value" + 1 WHERE "Id" = 1; END;
                CREATE TRIGGER clients_update_bump_catalog_version AFTER UPDATE ON clients
                    BEGIN UPDATE catalog_version SET "Value" = "Value" + 1 WHERE "Id" = 1; END;
                CREATE TRIGGER clients_delete_bump_catalog_version AFTER DELETE ON clients
                    BEGIN UPDATE catalog_version SET "Value" = "Value" + 1 WHERE "Id" = 1; END;
                CREATE TRIGGER projects_insert_bump_catalog_version AFTER INSERT ON projects
                    BEGIN UPDATE catalog_version SET "Value" = "Value" + 1 WHERE "Id" = 1; END;
                CREATE TRIGGER projects_update_bump_catalog_version AFTER UPDATE ON projects
                    BEGIN UPDATE catalog_version SET "Value" = "Value" + 1 WHERE "Id" = 1; END;
                CREATE TRIGGER projects_delete_bump_catalog_version AFTER DELETE ON projects
                    BEGIN UPDATE catalog_version SET "Value" = "Value" + 1 WHERE "Id" = 1; END;
                CREATE TRIGGER instances_insert_bump_catalog_version AFTER INSERT ON instances
                    BEGIN UPDATE catalog_version SET "Value" = "Value" + 1 WHERE "Id" = 1; END;
                CREATE TRIGGER instances_update_bump_catalog_version AFTER UPDATE ON instances
                    BEGIN UPDATE catalog_version SET "Value" = "Value" + 1 WHERE "Id" = 1; END;
                CREATE TRIGGER instances_delete_bump_catalog_version AFTER DELETE ON instances
                    BEGIN UPDATE catalog_version SET "Value" = "Value" + 1 WHERE "Id" = 1; END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER clients_insert_bump_catalog_version;
                DROP TRIGGER clients_update_bump_catalog_version;
                DROP TRIGGER clients_delete_bump_catalog_version;
                DROP TRIGGER projects_insert_bump_catalog_version;
                DROP TRIGGER projects_update_bump_catalog_version;
                DROP TRIGGER projects_delete_bump_catalog_version;
                DROP TRIGGER instances_insert_bump_catalog_version;
                DROP TRIGGER instances_update_bump_catalog_version;
                DROP TRIGGER instances_delete_bump_catalog_version;
                """);
        }
    }
}
