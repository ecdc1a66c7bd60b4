using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Web.Data.Schema
{
    /// <inheritdoc />
    public partial class InventoryRows : Microsoft.EntityFrameworkCore.Migrations.Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Inventories now live in rows; a scan stored as one JSON document by an older version says so and is scanned again.
            migrationBuilder.Sql("UPDATE Scans SET Status = 'Failed', Error = 'stored by an older version of the dashboard; scan the source again' WHERE Status = 'Succeeded'");
            migrationBuilder.DropColumnInPlace(name: "InventoryJson", table: "Scans");
            migrationBuilder.AddColumn<string>(name: "SourceDescription", table: "Scans", type: "TEXT", nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Manifests",
                table: "Scans",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "UniqueBlobs",
                table: "Scans",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "UntaggedListed",
                table: "Scans",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            // WITHOUT ROWID: the key is the row, so a million digests are stored once, not in the table and again in its key index.
            migrationBuilder.Sql("""
                CREATE TABLE "ScanBlobs" (
                    "ScanId" INTEGER NOT NULL,
                    "Digest" TEXT NOT NULL,
                    "Size" INTEGER NOT NULL,
                    "Repositories" INTEGER NOT NULL,
                    CONSTRAINT "PK_ScanBlobs" PRIMARY KEY ("ScanId", "Digest")
                ) WITHOUT ROWID
                """);

            migrationBuilder.CreateTable(
                name: "ScanImages",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ScanId = table.Column<int>(type: "INTEGER", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Repository = table.Column<string>(type: "TEXT", nullable: false),
                    Tag = table.Column<string>(type: "TEXT", nullable: true),
                    Depth = table.Column<int>(type: "INTEGER", nullable: false),
                    Digest = table.Column<string>(type: "TEXT", nullable: false),
                    MediaType = table.Column<string>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", nullable: false),
                    Role = table.Column<string>(type: "TEXT", nullable: true),
                    Platforms = table.Column<string>(type: "TEXT", nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    PushedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Problems = table.Column<string>(type: "TEXT", nullable: false),
                    Attached = table.Column<string>(type: "TEXT", nullable: false),
                    Subject = table.Column<string>(type: "TEXT", nullable: true),
                    ArtifactType = table.Column<string>(type: "TEXT", nullable: true),
                    ConvertedFrom = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ScanImages", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ScanProblems",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ScanId = table.Column<int>(type: "INTEGER", nullable: false),
                    Code = table.Column<string>(type: "TEXT", nullable: false),
                    Repository = table.Column<string>(type: "TEXT", nullable: true),
                    Reference = table.Column<string>(type: "TEXT", nullable: true),
                    Message = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ScanProblems", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ScanRepositories",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ScanId = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    Tags = table.Column<int>(type: "INTEGER", nullable: false),
                    Untagged = table.Column<int>(type: "INTEGER", nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    Problems = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ScanRepositories", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ScanImages_ScanId_Position",
                table: "ScanImages",
                columns: new[] { "ScanId", "Position" });

            migrationBuilder.CreateIndex(
                name: "IX_ScanProblems_ScanId",
                table: "ScanProblems",
                column: "ScanId");

            migrationBuilder.CreateIndex(
                name: "IX_ScanRepositories_ScanId_Name",
                table: "ScanRepositories",
                columns: new[] { "ScanId", "Name" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ScanBlobs");

            migrationBuilder.DropTable(
                name: "ScanImages");

            migrationBuilder.DropTable(
                name: "ScanProblems");

            migrationBuilder.DropTable(
                name: "ScanRepositories");

            migrationBuilder.DropColumnInPlace(name: "Manifests", table: "Scans");

            migrationBuilder.DropColumnInPlace(name: "UniqueBlobs", table: "Scans");

            migrationBuilder.DropColumnInPlace(name: "UntaggedListed", table: "Scans");

            migrationBuilder.DropColumnInPlace(name: "SourceDescription", table: "Scans");
            migrationBuilder.AddColumn<string>(name: "InventoryJson", table: "Scans", type: "TEXT", nullable: true);
        }
    }
}
