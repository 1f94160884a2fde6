using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PanelImages.Catalog.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddListingIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_images_ClientId_CreatedAt_Id",
                table: "images");

            migrationBuilder.DropIndex(
                name: "IX_images_CreatedAt_Id",
                table: "images");

            migrationBuilder.CreateIndex(
                name: "IX_images_ClientId_CreatedAt_Id_Region",
                table: "images",
                columns: new[] { "ClientId", "CreatedAt", "Id", "Region" });

            migrationBuilder.CreateIndex(
                name: "IX_images_CreatedAt_Id_Region_Status",
                table: "images",
                columns: new[] { "CreatedAt", "Id", "Region", "Status" });

            // Bumped in the writer's own transaction by every change to images or memberships, so a count cached under
            // a version is exact for every reader (Listing/CountCache.cs). Starts at a random value so a database
            // recreated under the same name cannot meet counts cached for the old one.
            migrationBuilder.Sql("""
                CREATE TABLE catalog_version ("Id" INTEGER PRIMARY KEY, "Value" INTEGER NOT NULL);
                INSERT INTO catalog_version VALUES (1, abs(random() % 1000000000000000));
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
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER images_insert_bump_catalog_version;
                DROP TRIGGER images_update_bump_catalog_version;
                DROP TRIGGER images_delete_bump_catalog_version;
                DROP TRIGGER image_members_insert_bump_catalog_version;
                DROP TRIGGER image_members_update_bump_catalog_version;
                DROP TRIGGER image_members_delete_bump_catalog_version;
                DROP TABLE catalog_version;
                """);

            migrationBuilder.DropIndex(
                name: "IX_images_ClientId_CreatedAt_Id_Region",
                table: "images");

            migrationBuilder.DropIndex(
                name: "IX_images_CreatedAt_Id_Region_Status",
                table: "images");

            migrationBuilder.CreateIndex(
                name: "IX_images_ClientId_CreatedAt_Id",
                table: "images",
                columns: new[] { "ClientId", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_images_CreatedAt_Id",
                table: "images",
                columns: new[] { "CreatedAt", "Id" });
        }
    }
}
