using Microsoft.EntityFrameworkCore.Migrations;
using PanelImages.Caching;

#nullable disable

namespace PanelImages.Catalog.Migrations.Sqlite
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
                DROP TRIGGER images_insert_bump_catalog_version;
                DROP TRIGGER images_update_bump_catalog_version;
                DROP TRIGGER images_delete_bump_catalog_version;
                DROP TRIGGER image_members_insert_bump_catalog_version;
                DROP TRIGGER image_members_update_bump_catalog_version;
                DROP TRIGGER image_members_delete_bump_catalog_version;
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
            migrationBuilder.Sql(CacheTriggers.Sqlite.Create);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(CacheTriggers.Sqlite.Drop);
            migrationBuilder.Sql("""
                CREATE TRIGGER images_insert_bump_catalog_version AFTER INSERT ON images
                    BEGIN UPDATE catalog_version SET "Value" = "Value" + 1 WHERE "Id" = 1; END;
                CREATE TRIGGER images_update_bump_catalog_version AFTER UPDATE ON images
                    BEGIN UPDATE catalog_version SET "Value" = "Value" + 1 WHERE "Id" = 1; END;
                CREATE TRIGGER images_delete_bump_catalog_version AFTER DELETE ON images
                    BEGIN UPDATE catalog_version SET "Value" = "Value" + 1 WHERE "Id" = 1; END;
                CREATE TRIGGER image_members_insert_bump_catalog_version AFTER INSERT ON image_members
                    BEGIN UPDATE catalog_version SET "Value" = "Value" + 1 WHERE "Id" = 1; END;
                CREATE TRIGGER image_members_update_bump_catalog_version AFTER UPDATE ON image_members
                    BEGIN UPDATE catalog_version SET "Value" = "Value" + 1 WHERE "Id" = 1; END;
                CREATE TRIGGER image_members_delete_bump_catalog_version AFTER DELETE ON image_members
                    BEGIN UPDATE catalog_version SET "Value" = "Value" + 1 WHERE "Id" = 1; END;
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
    }
}
