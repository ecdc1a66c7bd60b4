using System.Text;
using Web.Features.Migrations;

namespace Web.Features.Plans;

/// <summary>The cutover record for people signed in to the pages: JSON, or the CSV list its SHA-256 is of.</summary>
public static class CutoverExports
{
    public static RouteGroupBuilder MapCutoverExports(this RouteGroupBuilder endpoints)
    {
        endpoints.MapGet("/plans/{id:int}/cutover-record.json", async (int id, CutoverService cutover) =>
            await cutover.RecordAsync(id) is { } record
                ? Results.File(Encoding.UTF8.GetBytes(Migration.Engine.EngineJson.Serialize(record)), "application/json", $"cutover-record-plan-{id}.json")
                : Results.NotFound());
        endpoints.MapGet("/plans/{id:int}/cutover-record.csv", async (int id, CutoverService cutover) =>
            await cutover.RecordAsync(id) is { } record
                ? Results.File(Encoding.UTF8.GetBytes(record.Csv()), "text/csv", $"cutover-record-plan-{id}.csv")
                : Results.NotFound());
        return endpoints;
    }
}
