using Microsoft.Data.Sqlite;

namespace Web.Tests.Faults;

/// <summary>SQLite's own check of a database file: "ok" when every page and index is whole.</summary>
public static class SqliteIntegrity
{
    public static async Task<string> CheckAsync(string databaseFile)
    {
        await using var connection = new SqliteConnection($"Data Source={databaseFile};Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
