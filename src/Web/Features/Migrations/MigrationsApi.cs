using System.Text;
using System.Text.Json;
using Migration.Engine.Registry;
using Migration.Engine.Sources;
using Web.Data;
using Web.Features.Api;
using Web.Features.ShareLinks;

namespace Web.Features.Migrations;

/// <summary>The automation API for migrations (<c>/api/migrations</c>), mapped into the API group by <see cref="ApiEndpoints"/>.</summary>
public static class MigrationsApi
{
    public static RouteGroupBuilder MapMigrationsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/migrations", async (MigrationService migrations) => (await migrations.ListAsync()).Select(m => new
        {
            m.Id, m.Status, m.SourceName, m.TargetName, m.CreatedAt, m.FinishedAt, m.ImagesTotal, m.ImagesDone, m.ImagesFailed, m.BytesTotal, m.BytesDone, m.Verified,
        }));
        api.MapPost("/migrations/plan", async (MigrationRequest request, MigrationService migrations) =>
        {
            try
            {
                return Results.Ok(await migrations.PlanAsync(request));
            }
            // The source or target cannot be read as asked (no such folder, a wrong password, a host that does not
            // answer): the caller's to fix, so named as such, as the wizard shows it, not a 500.
            catch (Exception ex) when (ex is RegistryException or SourceException or FormatException)
            {
                return Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Cannot plan this migration", detail: ex.Message);
            }
        });
        api.MapPost("/migrations", async (MigrationRequest request, MigrationService migrations) =>
        {
            var id = await migrations.StartAsync(request);
            return Results.Accepted($"/api/migrations/{id}", new { id, url = $"/jobs/{id}" });
        });
        api.MapGet("/migrations/{id:int}", async (int id, MigrationService migrations) =>
            await migrations.SnapshotAsync(id) is { } snapshot ? Results.Ok(snapshot) : ApiErrors.NotFound($"migration {id} does not exist"));
        api.MapPatch("/migrations/{id:int}", async (int id, JsonElement body, MigrationService migrations) =>
        {
            var cap = BandwidthCapPatch.Read(body);
            return await migrations.SetBandwidthCapAsync(id, cap) switch
            {
                BandwidthCapChange.NotFound => ApiErrors.NotFound($"migration {id} does not exist"),
                BandwidthCapChange.Finished => ApiErrors.Conflict($"migration {id} has finished; its bandwidth cap can no longer change"),
                _ => Results.Ok(await migrations.SnapshotAsync(id)),
            };
        });
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
        return api;
    }
}
