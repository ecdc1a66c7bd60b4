using System.Text.Json;
using Migration.Engine;
using Migration.Engine.Run;

namespace Web.Features.Migrations;

/// <summary>Reports kept in the database as the engine's JSON: one per repository job, one combined per migration.</summary>
public static class StoredReports
{
    public static string Write(MigrationReport report) => EngineJson.Serialize(report);

    /// <summary>Null for no report, or one written before reports were typed (their figures are on the rows).</summary>
    public static MigrationReport? Read(string? json)
    {
        if (string.IsNullOrEmpty(json)) return null;
        try
        {
            return JsonSerializer.Deserialize<MigrationReport>(json, EngineJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
