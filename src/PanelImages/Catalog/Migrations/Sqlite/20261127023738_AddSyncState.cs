using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PanelImages.Catalog.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddSyncState : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "region_sync_state",
                columns: table => new
                {
                    Region = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Endpoint = table.Column<string>(type: "TEXT", nullable: true),
                    LastFullSyncAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastFullSyncSeconds = table.Column<double>(type: "REAL", nullable: true),
                    FullSeen = table.Column<int>(type: "INTEGER", nullable: false),
                    FullCreated = table.Column<int>(type: "INTEGER", nullable: false),
                    FullUpdated = table.Column<int>(type: "INTEGER", nullable: false),
                    FullDeleted = table.Column<int>(type: "INTEGER", nullable: false),
                    LastIncrementalSyncAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastIncrementalSyncSeconds = table.Column<double>(type: "REAL", nullable: true),
                    IncrementalSeen = table.Column<int>(type: "INTEGER", nullable: false),
                    IncrementalCreated = table.Column<int>(type: "INTEGER", nullable: false),
                    IncrementalUpdated = table.Column<int>(type: "INTEGER", nullable: false),
                    LastSeenUpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastMembersRefreshAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastAttemptAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastAttemptOk = table.Column<bool>(type: "INTEGER", nullable: false),
                    LastError = table.Column<string>(type: "TEXT", nullable: true),
                    LastErrorAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_region_sync_state", x => x.Region);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "region_sync_state");
        }
    }
}
