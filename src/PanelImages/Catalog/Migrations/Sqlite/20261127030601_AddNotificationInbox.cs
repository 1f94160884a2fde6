using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PanelImages.Catalog.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddNotificationInbox : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "notification_inbox",
                columns: table => new
                {
                    Region = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    MessageId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    EventType = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ImageId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    MemberId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    MemberStatus = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    EventAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ProcessedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_notification_inbox", x => new { x.Region, x.MessageId });
                });

            migrationBuilder.CreateIndex(
                name: "IX_notification_inbox_ProcessedAt",
                table: "notification_inbox",
                column: "ProcessedAt");

            migrationBuilder.CreateIndex(
                name: "IX_notification_inbox_Region_ImageId_MemberId_EventAt",
                table: "notification_inbox",
                columns: new[] { "Region", "ImageId", "MemberId", "EventAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "notification_inbox");
        }
    }
}
