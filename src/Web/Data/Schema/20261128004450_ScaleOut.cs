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

            // Repository becomes nullable. SQLite cannot alter a column, and EF's own rebuild would commit in parts (see
            // TransactionalSchemaChanges). No foreign key names this table, so the same rebuild runs here, whole, in the
            // migration's transaction.
            migrationBuilder.Sql("""
                CREATE TABLE "ef_temp_BlobLocations" (
                    "TargetId" INTEGER NOT NULL,
                    "Digest" TEXT NOT NULL,
                    "Repository" TEXT NULL,
                    CONSTRAINT "PK_BlobLocations" PRIMARY KEY ("TargetId", "Digest")
                );
                INSERT INTO "ef_temp_BlobLocations" ("TargetId", "Digest", "Repository")
                SELECT "TargetId", "Digest", "Repository" FROM "BlobLocations";
                DROP TABLE "BlobLocations";
                ALTER TABLE "ef_temp_BlobLocations" RENAME TO "BlobLocations";
                """);

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
            migrationBuilder.DropColumnInPlace(name: "Worker", table: "MigrationRepositories");

            migrationBuilder.DropColumnInPlace(name: "ClaimHeartbeat", table: "BlobLocations");

            migrationBuilder.DropColumnInPlace(name: "ClaimedBy", table: "BlobLocations");

            // Back to NOT NULL by the same whole-in-the-transaction rebuild as Up (see TransactionalSchemaChanges).
            migrationBuilder.Sql("""
                CREATE TABLE "ef_temp_BlobLocations" (
                    "TargetId" INTEGER NOT NULL,
                    "Digest" TEXT NOT NULL,
                    "Repository" TEXT NOT NULL DEFAULT '',
                    CONSTRAINT "PK_BlobLocations" PRIMARY KEY ("TargetId", "Digest")
                );
                INSERT INTO "ef_temp_BlobLocations" ("TargetId", "Digest", "Repository")
                SELECT "TargetId", "Digest", COALESCE("Repository", '') FROM "BlobLocations";
                DROP TABLE "BlobLocations";
                ALTER TABLE "ef_temp_BlobLocations" RENAME TO "BlobLocations";
                """);
        }
    }
}
