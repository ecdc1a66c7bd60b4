using System.Text;
using System.Text.Json;
using Web.Features.Api;

namespace Web.Features.Plans;

/// <summary>The automation API for plans (<c>/api/plans</c>): create, run (a sync), preview the delta, schedule, cut over.</summary>
public static class PlansApi
{
    public static RouteGroupBuilder MapPlansApi(this RouteGroupBuilder api)
    {
        api.MapGet("/plans", async (PlanService plans) => (await plans.ListAsync()).Select(PlanView.From));
        api.MapPost("/plans", async (PlanRequest request, PlanService plans) =>
        {
            var plan = await plans.CreateAsync(request);
            return Results.Created($"/api/plans/{plan.Id}", PlanView.From(plan));
        });
        api.MapGet("/plans/{id:int}", async (int id, PlanService plans) =>
            await plans.GetAsync(id) is { } plan
                ? Results.Ok(new { plan = PlanView.From(plan), runs = (await plans.RunsAsync(id)).Select(RunView.From) })
                : ApiErrors.NotFound($"plan {id} does not exist"));
        api.MapDelete("/plans/{id:int}", async (int id, PlanService plans) =>
        {
            try
            {
                await plans.DeleteAsync(id);
                return Results.NoContent();
            }
            catch (PlanBusyException busy)
            {
                return ApiErrors.Conflict(busy.Message);
            }
        });
        api.MapGet("/plans/{id:int}/delta", async (int id, PlanService plans, HttpContext http) => await plans.PreviewDeltaAsync(id, http.RequestAborted));
        api.MapPost("/plans/{id:int}/runs", async (int id, PlanRunRequest? request, PlanService plans, HttpContext http) =>
        {
            try
            {
                var runId = await plans.StartRunAsync(id, request?.ConfirmDeletions ?? false, Who(http));
                return Results.Accepted($"/api/migrations/{runId}", new { id = runId, url = $"/jobs/{runId}" });
            }
            catch (PlanBusyException busy)
            {
                return ApiErrors.Conflict(busy.Message);
            }
        });
        api.MapPut("/plans/{id:int}/schedule", async (int id, PlanScheduleRequest request, PlanService plans) =>
            await plans.SetScheduleAsync(id, request.Cron) && await plans.GetAsync(id) is { } plan
                ? Results.Ok(PlanView.From(plan))
                : ApiErrors.NotFound($"plan {id} does not exist"));
        api.MapPost("/plans/{id:int}/cutover/freeze-check", async (int id, CutoverService cutover) => await cutover.CheckFreezeAsync(id));
        api.MapPost("/plans/{id:int}/cutover", async (int id, CutoverRequest? request, CutoverService cutover, HttpContext http) =>
        {
            var (record, open) = await cutover.FinishAsync(id, request?.SourceFrozen ?? false, Who(http), http.RequestAborted);
            return record is not null ? Results.Ok(record)
                : Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The cutover cannot finish yet", detail: string.Join("; ", open),
                    extensions: new Dictionary<string, object?> { ["open"] = open });
        });
        api.MapGet("/plans/{id:int}/cutover-record", async (int id, string? format, CutoverService cutover) =>
        {
            if (await cutover.RecordAsync(id) is not { } record) return ApiErrors.Conflict($"plan {id} has not cut over (or does not exist)");
            return format == "csv" ? Results.Text(record.Csv(), "text/csv", Encoding.UTF8) : Results.Json(record, PlanView.Json);
        });
        return api;
    }

    /// <summary>The signed-in user or the API token's name, for "who started it".</summary>
    public static string? Who(HttpContext http) => http.User.Identity?.Name;
}

public sealed record PlanRunRequest(bool ConfirmDeletions);

public sealed record PlanScheduleRequest(string? Cron);

public sealed record CutoverRequest(bool SourceFrozen);
