using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Web.Data;

namespace Web.Tests.Schema;

/// <summary>
/// Every schema migration runs whole in one transaction, so a crash mid-migration leaves the database as it was before
/// it, and the next start applies it again. EF Core's SQLite table rebuild does not: it brackets the copy with
/// <c>PRAGMA foreign_keys</c>, which it must run outside the transaction.
/// </summary>
public sealed class SchemaMigrationTests
{
    [Fact]
    public void EveryMigration_UpAndDown_RunsInsideItsTransaction()
    {
        using var db = new DashboardDbContext(new DbContextOptionsBuilder<DashboardDbContext>().UseSqlite("Data Source=:memory:").Options);
        var migrations = db.GetService<IMigrationsAssembly>();
        var generator = db.GetService<IMigrationsSqlGenerator>();
        var model = db.GetService<IDesignTimeModel>().Model;

        var outside = new List<string>();
        foreach (var (id, type) in migrations.Migrations)
        {
            var migration = migrations.CreateMigration(type, db.Database.ProviderName!);
            foreach (var (direction, operations) in new[] { ("Up", migration.UpOperations), ("Down", migration.DownOperations) })
                outside.AddRange(generator.Generate(operations, model)
                    .Where(command => command.TransactionSuppressed)
                    .Select(command => $"{id} {direction}: {command.CommandText.Trim()}"));
        }

        Assert.True(migrations.Migrations.Count >= 11, $"only {migrations.Migrations.Count} migrations were found");
        Assert.Empty(outside);
    }
}
