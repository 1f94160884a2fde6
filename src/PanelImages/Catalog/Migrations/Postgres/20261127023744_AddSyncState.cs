using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PanelImages.Catalog.Migrations.Postgres
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
                    Region = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Endpoint = table.Column<string>(type: "text", nullable: true),
                    LastFullSyncAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastFullSyncSeconds = table.Column<double>(type: "double precision", nullable: true),
                    FullSeen = table.Column<int>(type: "integer", nullable: false),
                    FullCreated = table.Column<int>(type: "integer", nullable: false),
                    FullUpdated = table.Column<int>(type: "integer", nullable: false),
                    FullDeleted = table.Column<int>(type: "integer", nullable: false),
                    LastIncrementalSyncAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastIncrementalSyncSeconds = table.Column<double>(type: "double precision", nullable: true),
                    IncrementalSeen = table.Column<int>(type: "integer", nullable: false),
                    IncrementalCreated = table.Column<int>(type: "integer", nullable: false),
                    IncrementalUpdated = table.Column<int>(type: "integer", nullable: false),
                    LastSeenUpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastMembersRefreshAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastAttemptAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastAttemptOk = table.Column<bool>(type: "boolean", nullable: false),
                    LastError = table.Column<string>(type: "text", nullable: true),
                    LastErrorAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
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
