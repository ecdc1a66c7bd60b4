using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Web.Data.Schema
{
    /// <inheritdoc />
    public partial class MigrationBandwidthCap : Microsoft.EntityFrameworkCore.Migrations.Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "MaxBytesPerSecond",
                table: "Migrations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "MigrationWorkerLinks",
                columns: table => new
                {
                    MigrationId = table.Column<int>(type: "INTEGER", nullable: false),
                    Worker = table.Column<string>(type: "TEXT", nullable: false),
                    BytesPerSecond = table.Column<double>(type: "REAL", nullable: false),
                    InFlight = table.Column<int>(type: "INTEGER", nullable: false),
                    Limit = table.Column<int>(type: "INTEGER", nullable: false),
                    MaxConcurrency = table.Column<int>(type: "INTEGER", nullable: false),
                    RoundTripMilliseconds = table.Column<double>(type: "REAL", nullable: true),
                    CapBytesPerSecond = table.Column<long>(type: "INTEGER", nullable: true),
                    MeasuredAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MigrationWorkerLinks", x => new { x.MigrationId, x.Worker });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MigrationWorkerLinks");

            migrationBuilder.DropColumnInPlace(name: "MaxBytesPerSecond", table: "Migrations");
        }
    }
}
