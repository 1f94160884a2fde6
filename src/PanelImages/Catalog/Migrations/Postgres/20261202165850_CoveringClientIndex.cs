using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PanelImages.Catalog.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CoveringClientIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_images_ClientId_CreatedAt_Id_Region",
                table: "images");

            migrationBuilder.CreateIndex(
                name: "IX_images_ClientId_CreatedAt_Id_Region_Status",
                table: "images",
                columns: new[] { "ClientId", "CreatedAt", "Id", "Region", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_images_ClientId_CreatedAt_Id_Region_Status",
                table: "images");

            migrationBuilder.CreateIndex(
                name: "IX_images_ClientId_CreatedAt_Id_Region",
                table: "images",
                columns: new[] { "ClientId", "CreatedAt", "Id", "Region" });
        }
    }
}
