using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Web.Data.Schema
{
    /// <inheritdoc />
    public partial class ScaleOut : Microsoft.EntityFrameworkCore.Migrations.Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Worker",
                table: "MigrationRepositories",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "Repository",
                table: "BlobLocations",
                type: "TEXT",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "TEXT");

            migrationBuilder.AddColumn<long>(
                name: "ClaimHeartbeat",
                table: "BlobLocations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ClaimedBy",
                table: "BlobLocations",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Worker",
                table: "MigrationRepositories");

            migrationBuilder.DropColumn(
                name: "ClaimHeartbeat",
                table: "BlobLocations");

            migrationBuilder.DropColumn(
                name: "ClaimedBy",
                table: "BlobLocations");

            migrationBuilder.AlterColumn<string>(
                name: "Repository",
                table: "BlobLocations",
                type: "TEXT",
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldNullable: true);
        }
    }
}
