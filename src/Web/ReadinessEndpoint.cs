using Hangfire;
using Microsoft.EntityFrameworkCore;
using Web.Data;

namespace Web;

/// <summary><c>/readyz</c>: the database answers, Hangfire's storage answers, and the data folder has room. 503 with
/// the failing check named when not; <c>/healthz</c> only says the process is up.</summary>
public static class ReadinessEndpoint
{
    private const long MinimumFreeBytes = 100L << 20;

    public static void MapReadiness(this IEndpointRouteBuilder endpoints) => endpoints.MapGet("/readyz", async (
        IDbContextFactory<DashboardDbContext> databases, JobStorage jobs, DashboardPaths paths, CancellationToken cancellationToken) =>
    {
        var checks = new Dictionary<string, string>
        {
            ["database"] = await CheckAsync(async () =>
            {
                await using var db = await databases.CreateDbContextAsync(cancellationToken);
                await db.Connections.CountAsync(cancellationToken);
            }),
            ["jobs"] = await CheckAsync(() =>
            {
                jobs.GetMonitoringApi().Servers();
                return Task.CompletedTask;
            }),
            ["disk"] = FreeSpace(paths.DataFolder) is var free && free >= MinimumFreeBytes
                ? "ok" : $"only {free / (1 << 20)} MiB free in {paths.DataFolder}",
        };
        var ready = checks.Values.All(v => v == "ok");
        return Results.Json(new { status = ready ? "ready" : "not ready", checks }, statusCode: ready ? 200 : 503);
    });

    private static async Task<string> CheckAsync(Func<Task> check)
    {
        try
        {
            await check();
            return "ok";
        }
        catch (Exception ex)
        {
            return ex.Message;
        }
    }

    // On Linux DriveInfo takes any path and reports the file system that holds it.
    private static long FreeSpace(string folder) => new DriveInfo(folder).AvailableFreeSpace;
}
