using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace PanelImages.Catalog.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddNovaProjectsFlavorsCleanup : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "MappedBy",
                table: "projects",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "manual");

            migrationBuilder.AddColumn<DateTime>(
                name: "CreatedAt",
                table: "instances",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FlavorId",
                table: "instances",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ImageId",
                table: "instances",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Status",
                table: "instances",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "SyncedAt",
                table: "instances",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "UpdatedAt",
                table: "instances",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<List<string>>(
                name: "FlavorIds",
                table: "images",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'");

            migrationBuilder.AddColumn<bool>(
                name: "CleanupFollowsDefault",
                table: "clients",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "cleanup_runs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    FinishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Due = table.Column<int>(type: "integer", nullable: false),
                    Deleted = table.Column<int>(type: "integer", nullable: false),
                    AlreadyGone = table.Column<int>(type: "integer", nullable: false),
                    Failed = table.Column<int>(type: "integer", nullable: false),
                    Errors = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cleanup_runs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "flavors",
                columns: table => new
                {
                    Region = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    Vcpus = table.Column<int>(type: "integer", nullable: false),
                    Ram = table.Column<int>(type: "integer", nullable: false),
                    Disk = table.Column<int>(type: "integer", nullable: false),
                    IsPublic = table.Column<bool>(type: "boolean", nullable: false),
                    ProjectIds = table.Column<List<string>>(type: "text[]", nullable: false),
                    SyncedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_flavors", x => new { x.Region, x.Id });
                });

            migrationBuilder.CreateTable(
                name: "keystone_projects",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "text", nullable: true),
                    DomainId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Enabled = table.Column<bool>(type: "boolean", nullable: false),
                    IsDomain = table.Column<bool>(type: "boolean", nullable: false),
                    Tags = table.Column<List<string>>(type: "text[]", nullable: false),
                    MappingProperty = table.Column<string>(type: "text", nullable: true),
                    UnmappedReason = table.Column<string>(type: "text", nullable: true),
                    SyncedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_keystone_projects", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "resource_sync_state",
                columns: table => new
                {
                    Resource = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Region = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Endpoint = table.Column<string>(type: "text", nullable: true),
                    LastFullAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastIncrementalAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastSeconds = table.Column<double>(type: "double precision", nullable: true),
                    Seen = table.Column<int>(type: "integer", nullable: false),
                    Created = table.Column<int>(type: "integer", nullable: false),
                    Updated = table.Column<int>(type: "integer", nullable: false),
                    Deleted = table.Column<int>(type: "integer", nullable: false),
                    ChangesSince = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastAttemptAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastAttemptOk = table.Column<bool>(type: "boolean", nullable: false),
                    LastError = table.Column<string>(type: "text", nullable: true),
                    LastErrorAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_resource_sync_state", x => new { x.Resource, x.Region });
                });

            migrationBuilder.CreateIndex(
                name: "IX_instances_Region_ImageId",
                table: "instances",
                columns: new[] { "Region", "ImageId" });

            migrationBuilder.CreateIndex(
                name: "IX_cleanup_runs_StartedAt",
                table: "cleanup_runs",
                column: "StartedAt");

            migrationBuilder.CreateIndex(
                name: "IX_keystone_projects_Name",
                table: "keystone_projects",
                column: "Name");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "cleanup_runs");

            migrationBuilder.DropTable(
                name: "flavors");

            migrationBuilder.DropTable(
                name: "keystone_projects");

            migrationBuilder.DropTable(
                name: "resource_sync_state");

            migrationBuilder.DropIndex(
                name: "IX_instances_Region_ImageId",
                table: "instances");

            migrationBuilder.DropColumn(
                name: "MappedBy",
                table: "projects");

            migrationBuilder.DropColumn(
                name: "CreatedAt",
                table: "instances");

            migrationBuilder.DropColumn(
                name: "FlavorId",
                table: "instances");

            migrationBuilder.DropColumn(
                name: "ImageId",
                table: "instances");

            migrationBuilder.DropColumn(
                name: "Status",
                table: "instances");

            migrationBuilder.DropColumn(
                name: "SyncedAt",
                table: "instances");

            migrationBuilder.DropColumn(
                name: "UpdatedAt",
                table: "instances");

            migrationBuilder.DropColumn(
                name: "FlavorIds",
                table: "images");

            migrationBuilder.DropColumn(
                name: "CleanupFollowsDefault",
                table: "clients");
        }
    }
}
