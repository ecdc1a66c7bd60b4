using Web.Features.Shared;
using System.Text;
using System.Text.Json;

namespace Web.Features.Jobs;

/// <summary>The downloadable report of a finished migration: JSON (every image and the verification) or CSV.</summary>
public static class MigrationExports
{
    public static RouteGroupBuilder MapMigrationExports(this RouteGroupBuilder endpoints)
    {
        endpoints.MapGet("/migrations/{id:int}/report.json", async (int id, MigrationService migrations) =>
            await migrations.ReportAsync(id) is { } report ? Results.Text(report, "application/json", Encoding.UTF8) : Results.NotFound());
        endpoints.MapGet("/migrations/{id:int}/report.csv", async (int id, MigrationService migrations) =>
        {
            if (await migrations.ReportAsync(id) is not { } report) return Results.NotFound();
            using var json = JsonDocument.Parse(report);
            var csv = new StringBuilder("source_repository,reference,target_repository,digest,status,bytes_uploaded,error\n");
            foreach (var image in json.RootElement.GetProperty("images").EnumerateArray())
            {
                string Field(string name) => image.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v.ToString() : "";
                csv.AppendJoin(',', new[] { "sourceRepository", "reference", "targetRepository", "digest", "status", "bytesUploaded", "error" }
                    .Select(n => Csv.Quote(Field(n)))).Append('\n');
            }
            return Results.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv", $"migration-{id}.csv");
        });
        return endpoints;
    }
}
