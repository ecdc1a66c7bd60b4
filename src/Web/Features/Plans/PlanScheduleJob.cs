namespace Web.Features.Plans;

/// <summary>A plan's schedule firing: a sync starts unless the plan's last run is still going (then this firing is
/// skipped and noted, never queued behind it). Scheduled runs never delete tags: deletions need a person.</summary>
public sealed class PlanScheduleJob(PlanService plans, ILogger<PlanScheduleJob> logger)
{
    public async Task RunAsync(int planId, CancellationToken cancellationToken)
    {
        try
        {
            var id = await plans.StartRunAsync(planId, confirmDeletions: false, startedBy: "schedule", cancellationToken);
            logger.LogInformation("plan {PlanId}: scheduled run {MigrationId} started", planId, id);
        }
        catch (PlanBusyException busy)
        {
            logger.LogInformation("plan {PlanId}: scheduled run skipped, run {MigrationId} still going", planId, busy.RunningId);
            await plans.NoteScheduleAsync(planId, $"skipped at {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm:ss} UTC: run {busy.RunningId} was still going");
        }
        catch (KeyNotFoundException)
        {
            logger.LogWarning("plan {PlanId} no longer exists; its schedule does nothing", planId);
        }
    }
}
