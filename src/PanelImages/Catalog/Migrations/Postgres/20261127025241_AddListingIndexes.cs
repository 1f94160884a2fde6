using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PanelImages.Catalog.Migrations.Postgres
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

            // Bumped in the writer's own transaction by every statement that changes images or memberships, so a count
            // cached under a version is exact on every instance (Listing/CountCache.cs). Starts at a random value so a
            // database recreated under the same name cannot meet counts cached for the old one.
            migrationBuilder.Sql("""
                CREATE TABLE catalog_version ("Id" integer PRIMARY KEY, "Value" bigint NOT NULL);
                INSERT INTO catalog_version VALUES (1, (random() * 1e15)::bigint);
                CREATE FUNCTION bump_catalog_version() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN UPDATE catalog_version SET "Value" = "Value" + 1 WHERE "Id" = 1; RETURN NULL; END $$;
                CREATE TRIGGER images_bump_catalog_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON images
                    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_version();
                CREATE TRIGGER image_members_bump_catalog_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON image_members
                    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_version();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER image_members_bump_catalog_version ON image_members;
                DROP TRIGGER images_bump_catalog_version ON images;
                DROP FUNCTION bump_catalog_version();
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
