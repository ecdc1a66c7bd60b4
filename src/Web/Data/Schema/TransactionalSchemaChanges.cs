using Microsoft.EntityFrameworkCore.Migrations;

namespace Web.Data.Schema;

/// <summary>
/// Schema changes written so each migration stays whole inside its transaction. EF Core's SQLite provider rebuilds a
/// table to drop or alter a column and brackets the copy with <c>PRAGMA foreign_keys</c>, which SQLite ignores inside a
/// transaction, so EF commits the migration in parts: a crash between them leaves a half-migrated database.
/// <c>SchemaMigrationTests</c> holds every migration to this.
/// </summary>
public static class TransactionalSchemaChanges
{
    /// <summary>SQLite's own <c>DROP COLUMN</c> (3.35 and later): in place, in the transaction. The column must not be
    /// indexed or part of a key; drop its index first.</summary>
    public static void DropColumnInPlace(this MigrationBuilder migrationBuilder, string name, string table) =>
        migrationBuilder.Sql($"""ALTER TABLE "{table}" DROP COLUMN "{name}";""");
}
