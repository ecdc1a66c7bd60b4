using Web.Features.Shared;
using System.Text;
using Migration.Engine;

namespace Web.Features.Inventory;

/// <summary>Downloads of a scan: the documented JSON form, or one CSV line per tag and untagged manifest.</summary>
public static class InventoryExports
{
    public static RouteGroupBuilder MapInventoryExports(this RouteGroupBuilder endpoints)
    {
        endpoints.MapGet("/scans/{id:int}.json", async (int id, ScanService scans) =>
            await scans.GetAsync(id) is { Inventory: { } inventory }
                ? Results.Text(EngineJson.Serialize(inventory), "application/json", Encoding.UTF8)
                : Results.NotFound());
        endpoints.MapGet("/scans/{id:int}.csv", async (int id, ScanService scans) =>
            await scans.GetAsync(id) is { Inventory: { } inventory }
                ? Results.File(Encoding.UTF8.GetBytes(ToCsv(InventoryRow.From(inventory))), "text/csv", $"inventory-{id}.csv")
                : Results.NotFound());
        return endpoints;
    }

    public static string ToCsv(IEnumerable<InventoryRow> rows)
    {
        var csv = new StringBuilder("repository,tag,digest,kind,platforms,size,problems\n");
        foreach (var r in rows)
            csv.AppendJoin(',', new[] { r.Repository, r.Tag, r.Digest, r.Kind, r.Platforms, r.Size.ToString(), r.Problems }.Select(Csv.Quote)).Append('\n');
        return csv.ToString();
    }
}
