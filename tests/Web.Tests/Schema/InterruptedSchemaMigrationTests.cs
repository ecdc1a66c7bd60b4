using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Web.Data;
using Web.Tests.EndToEnd;
using Web.Tests.Faults;

namespace Web.Tests.Schema;

/// <summary>
/// An upgrade killed while it migrates the database: the dashboard (a real process) starts on a database from an older
/// version whose <c>ScaleOut</c> migration rebuilds a big table, and gets SIGKILL in the middle of it. The file stays
/// whole and at the old version, with no half-built table left behind, and the next start migrates it and serves.
/// </summary>
public sealed class InterruptedSchemaMigrationTests
{
    private const string BeforeRebuild = "20261127235914_AddInFlight";
    private const string Rebuild = "20261128004450_ScaleOut";
    // Enough rows that copying them takes about a second on a quiet machine (400,000 took less than the time from the
    // log line to the kill), so the kill lands inside the rebuild.
    private const int Rows = 1_500_000;

    [Fact]
    public async Task SchemaMigration_KilledMidRebuild_LeavesTheOldVersionAndTheNextStartMigrates()
    {
        await using var app = new DashboardProcess();
        var database = Path.Combine(app.DataFolder, "dashboard.db");
        await CreateOldVersionAsync(database);
        app.Environment["Logging__LogLevel__Microsoft.EntityFrameworkCore.Migrations"] = "Information";

        app.Launch();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!app.Output.Any(line => line.Contains($"Applying migration '{Rebuild}'")) && DateTime.UtcNow < deadline) await Task.Delay(1);
        Assert.True(DateTime.UtcNow < deadline, "the dashboard never began the rebuild:\n" + string.Join("\n", app.Output.TakeLast(20)));
        app.Kill();

        Assert.Equal("ok", await SqliteIntegrity.CheckAsync(database));
        var applied = await QueryAsync(database, "SELECT MigrationId FROM __EFMigrationsHistory ORDER BY MigrationId");
        Assert.DoesNotContain(Rebuild, applied);
        Assert.Contains(BeforeRebuild, applied);
        Assert.Empty(await QueryAsync(database, "SELECT name FROM sqlite_master WHERE name LIKE 'ef_temp%'"));
        Assert.Equal(Rows.ToString(), (await QueryAsync(database, "SELECT COUNT(*) FROM BlobLocations")).Single());

        await app.StartAsync();

        await using var db = Open(database);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(Rows, await db.BlobLocations.CountAsync());
        Assert.Equal("ok", await SqliteIntegrity.CheckAsync(database));
    }

    private static async Task CreateOldVersionAsync(string database)
    {
        await using (var db = Open(database))
            await db.GetService<IMigrator>().MigrateAsync(BeforeRebuild);
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=false");
        await connection.OpenAsync();
        await using var fill = connection.CreateCommand();
        fill.CommandText = $"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {Rows})
            INSERT INTO BlobLocations (TargetId, Digest, Repository) SELECT 1, printf('sha256:%064d', i), 'library/app' FROM n
            """;
        await fill.ExecuteNonQueryAsync();
    }

    private static async Task<List<string>> QueryAsync(string database, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync()) values.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        return values;
    }

    private static DashboardDbContext Open(string database) =>
        new(new DbContextOptionsBuilder<DashboardDbContext>().UseSqlite($"Data Source={database};Pooling=false").Options);
}
