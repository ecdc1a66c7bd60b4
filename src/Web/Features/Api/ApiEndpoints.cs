using System.Text;
using System.Text.Json.Serialization;
using Migration.Engine;
using Web.Data;
using Web.Features.Access;
using Web.Features.Connections;
using Web.Features.Inventory;
using Web.Features.Migrations;
using Web.Features.ShareLinks;

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
        MapMigrations(api);
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
        api.MapPost("/connections/{id:int}/test", async (int id, ConnectionTester tester) => await tester.TestAsync(id));
        api.MapDelete("/connections/{id:int}", async (int id, ConnectionService connections) =>
        {
            await connections.DeleteAsync(id);
            return Results.NoContent();
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
            await scans.GetAsync(id) is { } found ? Results.Ok(ApiScan.From(found.Scan)) : ApiErrors.NotFound($"scan {id} does not exist"));
        api.MapGet("/scans/{id:int}/inventory", async (int id, ScanService scans) =>
            await scans.GetAsync(id) switch
            {
                null => ApiErrors.NotFound($"scan {id} does not exist"),
                { Inventory: null } => ApiErrors.Conflict($"scan {id} has no inventory yet (it is queued, running or failed)"),
                { Inventory: { } inventory } => Results.Text(EngineJson.Serialize(inventory), "application/json", Encoding.UTF8),
            });
    }

    private static void MapMigrations(RouteGroupBuilder api)
    {
        api.MapGet("/migrations", async (MigrationService migrations) => (await migrations.ListAsync()).Select(m => new
        {
            m.Id, m.Status, m.SourceName, m.TargetName, m.CreatedAt, m.FinishedAt, m.ImagesTotal, m.ImagesDone, m.ImagesFailed, m.BytesTotal, m.BytesDone, m.Verified,
        }));
        api.MapPost("/migrations/plan", async (MigrationRequest request, MigrationService migrations) => await migrations.PlanAsync(request));
        api.MapPost("/migrations", async (MigrationRequest request, MigrationService migrations) =>
        {
            var id = await migrations.StartAsync(request);
            return Results.Accepted($"/api/migrations/{id}", new { id, url = $"/jobs/{id}" });
        });
        api.MapGet("/migrations/{id:int}", async (int id, MigrationService migrations) =>
            await migrations.SnapshotAsync(id) is { } snapshot ? Results.Ok(snapshot) : ApiErrors.NotFound($"migration {id} does not exist"));
        api.MapGet("/migrations/{id:int}/report", async (int id, MigrationService migrations) =>
            await migrations.SnapshotAsync(id) is null ? ApiErrors.NotFound($"migration {id} does not exist")
            : await migrations.ReportJsonAsync(id) is { } report ? Results.Text(report, "application/json", Encoding.UTF8)
            : ApiErrors.Conflict($"migration {id} has no report yet; it is written when the migration finishes"));
        api.MapPost("/migrations/{id:int}/cancel", async (int id, MigrationService migrations) =>
        {
            if (await migrations.SnapshotAsync(id) is not { } snapshot) return ApiErrors.NotFound($"migration {id} does not exist");
            if (snapshot.Status is not (JobStatus.Queued or JobStatus.Running)) return ApiErrors.Conflict($"migration {id} is already {snapshot.Status}");
            await migrations.CancelAsync(id);
            return Results.Accepted($"/api/migrations/{id}", new { id, status = JobStatus.Cancelled });
        });
        api.MapPost("/migrations/{id:int}/retry", async (int id, MigrationService migrations) =>
        {
            if (await migrations.SnapshotAsync(id) is null) return ApiErrors.NotFound($"migration {id} does not exist");
            await migrations.RetryFailedAsync(id);
            return Results.Accepted($"/api/migrations/{id}", new { id });
        });
        api.MapPost("/migrations/{id:int}/share", async (int id, HttpContext http, ShareLinkService links) =>
        {
            var (link, token) = await links.CreateAsync(id);
            var url = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/share/{token}";
            return Results.Created(url, new { id = link.Id, url });
        });
        api.MapGet("/migrations/{id:int}/shares", async (int id, ShareLinkService links) =>
            (await links.ListAsync(id)).Select(l => new { l.Id, l.CreatedAt }));
    }
}
