using System.Text;
using System.Text.Json.Serialization;
using Migration.Engine;
using Web.Data;
using Web.Features.Access;
using Web.Features.Connections;
using Web.Features.Inventory;
using Web.Features.Migrations;
using Web.Features.ShareLinks;
using Web.Features.Plans;

namespace Web.Features.Api;

/// <summary>
/// The automation API under <c>/api</c>: everything the pages do, for scripts with a bearer token. Errors are
/// problem+json. Documented with curl examples in the README.
/// </summary>
public static class ApiEndpoints
{
    public static void AddDashboardApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<BadRequestProblems>();
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        // Enums by name in both directions ("source", "Succeeded"), as the README's curl examples use them.
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
    }

    public static void MapDashboardApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api").RequireAuthorization(AccessPolicies.Api).AddEndpointFilter<ApiErrors>().DisableAntiforgery();
        MapConnections(api);
        MapScans(api);
        api.MapMigrationsApi();
        api.MapPlansApi();
        api.MapDelete("/shares/{id:int}", async (int id, ShareLinkService links) =>
            await links.RevokeAsync(id) ? Results.NoContent() : ApiErrors.NotFound($"share link {id} does not exist or is already revoked"));
    }

    private static void MapConnections(RouteGroupBuilder api)
    {
        api.MapGet("/connections", async (ConnectionService connections) => await connections.ListAsync());
        api.MapPost("/connections", async (ApiConnectionRequest request, ConnectionService connections) =>
        {
            var created = await connections.AddAsync(request.ToForm());
            return Results.Created($"/api/connections/{created.Id}", created);
        });
        // A rotated password, a moved registry: the same fields as POST, and a password left out keeps the saved one.
        api.MapPut("/connections/{id:int}", async (int id, ApiConnectionRequest request, ConnectionService connections) =>
            await connections.UpdateAsync(id, request.ToForm()));
        api.MapPost("/connections/{id:int}/test", async (int id, ConnectionTester tester) => await tester.TestAsync(id));
        api.MapDelete("/connections/{id:int}", async (int id, ConnectionService connections) =>
        {
            try
            {
                await connections.DeleteAsync(id);
                return Results.NoContent();
            }
            catch (ConnectionInUseException ex)
            {
                return ApiErrors.Conflict(ex.Message);
            }
        });
    }

    private static void MapScans(RouteGroupBuilder api)
    {
        api.MapGet("/scans", async (ScanService scans) => (await scans.ListAsync()).Select(ApiScan.From));
        api.MapPost("/scans", async (ApiScanRequest request, ScanService scans) =>
        {
            var id = await scans.StartAsync(request.ConnectionId, request.Deep);
            return Results.Accepted($"/api/scans/{id}", new { id });
        });
        api.MapGet("/scans/{id:int}", async (int id, ScanService scans) =>
            await scans.GetAsync(id) is { } scan ? Results.Ok(ApiScan.From(scan)) : ApiErrors.NotFound($"scan {id} does not exist"));
        // With page or pageSize: one page of rows ({page, pageSize, total, rows}); without: the whole documented JSON, streamed.
        api.MapGet("/scans/{id:int}/inventory", async (int id, int? page, int? pageSize, string? search, ScanService scans, InventoryQuery query,
            InventoryDocument document, HttpContext http) =>
        {
            var scan = await scans.GetAsync(id, http.RequestAborted);
            if (scan is null) return ApiErrors.NotFound($"scan {id} does not exist");
            if (scan.Status != JobStatus.Succeeded) return ApiErrors.Conflict($"scan {id} has no inventory yet (it is queued, running or failed)");
            if (page is null && pageSize is null)
                return Results.Stream(body => document.WriteJsonAsync(scan, body, http.RequestAborted), "application/json; charset=utf-8");
            if (page < 0 || pageSize is < 1 or > InventoryPageRequest.MaxPageSize)
                return ApiErrors.BadRequest($"page starts at 0 and pageSize is 1 to {InventoryPageRequest.MaxPageSize}");
            var request = new InventoryPageRequest(search, Page: page ?? 0, PageSize: pageSize ?? 100);
            var (rows, total) = await query.PageAsync(id, request, http.RequestAborted);
            return Results.Ok(new ApiInventoryPage(request.Page, request.PageSize, total, rows.Select(ApiInventoryRow.From).ToList()));
        });
    }
}
