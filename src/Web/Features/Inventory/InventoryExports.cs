namespace Web.Features.Inventory;

/// <summary>Downloads of a scan: the documented JSON form, or one CSV line per tag and untagged manifest, both
/// streamed from the scan's rows.</summary>
public static class InventoryExports
{
    public static RouteGroupBuilder MapInventoryExports(this RouteGroupBuilder endpoints)
    {
        endpoints.MapGet("/scans/{id:int}.json", async (int id, ScanService scans, InventoryDocument document, HttpContext http) =>
        {
            if (await scans.GetFinishedAsync(id, http.RequestAborted) is not { } scan) return Results.NotFound();
            return Results.Stream(body => document.WriteJsonAsync(scan, body, http.RequestAborted), "application/json; charset=utf-8");
        });
        endpoints.MapGet("/scans/{id:int}.csv", async (int id, ScanService scans, InventoryDocument document, HttpContext http) =>
        {
            if (await scans.GetFinishedAsync(id, http.RequestAborted) is null) return Results.NotFound();
            return Results.Stream(body => document.WriteCsvAsync(id, body, http.RequestAborted), "text/csv; charset=utf-8", $"inventory-{id}.csv");
        });
        return endpoints;
    }
}
