using System.Text.Json;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Migration.Engine.Run;
using Web.Data;
using Web.Features.Connections;
using Web.Features.Migrations;
using Web.Features.Projects;

namespace Web.Features.Plans;

/// <summary>Plans: saved migrations that run again as syncs, by hand or on a schedule, never two runs at once.</summary>
public sealed class PlanService(IDbContextFactory<DashboardDbContext> databases, MigrationService migrations, ConnectionService connections,
    ProjectsService projects, IRecurringJobManager recurring, ILogger<PlanService> logger)
{
    // The check for a running run and the insert of the next one, as one step in this process.
    private static readonly SemaphoreSlim Starting = new(1, 1);

    public async Task<SyncPlanEntity> CreateAsync(PlanRequest request, CancellationToken cancellationToken = default)
    {
        var name = request.Name.Trim();
        if (name.Length == 0) throw new ArgumentException("a plan needs a name");
        if (request.Schedule is { } cron && CronText.Check(cron) is { } problem) throw new ArgumentException(problem);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        if (await db.Plans.AnyAsync(p => p.Name == name, cancellationToken)) throw new ArgumentException($"a plan named '{name}' exists already");
        var (source, target) = await MigrationService.CheckAsync(db, request.Migration, cancellationToken);
        var plan = new SyncPlanEntity
        {
            Name = name, SourceId = source.Id, TargetId = target.Id, SourceName = source.Name, TargetName = target.Name,
            OptionsJson = JsonSerializer.Serialize(request.Migration), MirrorDeletions = request.MirrorDeletions,
            SourceReferenceHost = string.IsNullOrWhiteSpace(request.SourceReferenceHost) ? null : request.SourceReferenceHost.Trim(),
            CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Plans.Add(plan);
        await db.SaveChangesAsync(cancellationToken);
        if (request.Schedule is not null) await SetScheduleAsync(plan.Id, request.Schedule, cancellationToken);
        return plan;
    }

    public async Task<IReadOnlyList<SyncPlanEntity>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.Plans.AsNoTracking().OrderByDescending(p => p.Id).ToListAsync(cancellationToken);
    }

    public async Task<SyncPlanEntity?> GetAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.Plans.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
    }

    /// <summary>The plan's runs, newest first.</summary>
    public async Task<IReadOnlyList<MigrationEntity>> RunsAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.Migrations.AsNoTracking().Where(m => m.PlanId == id).OrderByDescending(m => m.Id).ToListAsync(cancellationToken);
    }

    /// <summary>Starts a run of the plan. <see cref="PlanBusyException"/> while one is still going.</summary>
    public async Task<int> StartRunAsync(int id, bool confirmDeletions, string? startedBy, CancellationToken cancellationToken = default)
    {
        await Starting.WaitAsync(cancellationToken);
        try
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            var plan = await IdleAsync(db, id, cancellationToken);
            var request = JsonSerializer.Deserialize<MigrationRequest>(plan.OptionsJson)!;
            return await migrations.StartAsync(request, new RunOrigin(id, startedBy, confirmDeletions && plan.MirrorDeletions), cancellationToken);
        }
        finally
        {
            Starting.Release();
        }
    }

    /// <summary>What a sync would change now, without copying anything: the source read and compared with the last run's
    /// report. A cheap read of the source; the target is not asked.</summary>
    public async Task<DeltaPreview> PreviewDeltaAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var plan = await db.Plans.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken)
                   ?? throw new KeyNotFoundException($"plan {id} does not exist");
        var last = await db.Migrations.AsNoTracking().Where(m => m.PlanId == id && m.ReportJson != null).OrderByDescending(m => m.Id)
            .Select(m => new { m.Id, m.ReportJson }).FirstOrDefaultAsync(cancellationToken);
        if (StoredReports.Read(last?.ReportJson) is not { DryRun: false } previous) return new DeltaPreview(true, null, null);
        using var context = await MigrationContext.OpenAsync(plan.OptionsJson, connections, projects, cancellationToken);
        var builder = new SyncDeltaBuilder(previous, plan.MirrorDeletions);
        await context.SelectStreamedAsync(batch =>
        {
            builder.Observe(batch);
            return ValueTask.CompletedTask;
        }, cancellationToken);
        return new DeltaPreview(false, builder.Build(), last!.Id);
    }

    /// <summary>Sets (or with null, removes) the plan's schedule: a Hangfire recurring job that starts a run unless one
    /// is going.</summary>
    public async Task<bool> SetScheduleAsync(int id, string? cron, CancellationToken cancellationToken = default)
    {
        cron = string.IsNullOrWhiteSpace(cron) ? null : cron.Trim();
        if (cron is not null && CronText.Check(cron) is { } problem) throw new ArgumentException(problem);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var changed = await db.Plans.Where(p => p.Id == id)
            .ExecuteUpdateAsync(u => u.SetProperty(p => p.Schedule, cron).SetProperty(p => p.ScheduleNote, (string?)null), cancellationToken);
        if (changed == 0) return false;
        if (cron is null) recurring.RemoveIfExists(RecurringId(id));
        else
            recurring.AddOrUpdate<PlanScheduleJob>(RecurringId(id), job => job.RunAsync(id, CancellationToken.None), cron,
                new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        logger.LogInformation("plan {PlanId} schedule: {Schedule}", id, cron is null ? "none" : CronText.Describe(cron));
        return true;
    }

    /// <summary>
    /// Deletes a plan with its schedule and its cutover record; <see cref="PlanBusyException"/> while a run is going. Its
    /// runs stay, as migrations of their own (their reports and deltas too): only their tie to the plan goes.
    /// </summary>
    public async Task DeleteAsync(int id, CancellationToken cancellationToken = default)
    {
        await Starting.WaitAsync(cancellationToken);
        try
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            var plan = await IdleAsync(db, id, cancellationToken);
            recurring.RemoveIfExists(RecurringId(id));
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Migrations.Where(m => m.PlanId == id).ExecuteUpdateAsync(u => u.SetProperty(m => m.PlanId, (int?)null), cancellationToken);
            await db.Plans.Where(p => p.Id == id).ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            logger.LogInformation("plan {PlanId} ({Plan}) deleted", id, plan.Name);
        }
        finally
        {
            Starting.Release();
        }
    }

    /// <summary>The plan, when no run of it is going; hold <see cref="Starting"/> so none starts meanwhile.</summary>
    private static async Task<SyncPlanEntity> IdleAsync(DashboardDbContext db, int id, CancellationToken cancellationToken)
    {
        var plan = await db.Plans.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken)
                   ?? throw new KeyNotFoundException($"plan {id} does not exist");
        if (await PlanRuns.ActiveAsync(db, id, cancellationToken) is { } running) throw new PlanBusyException(running.Id);
        return plan;
    }

    /// <summary>A scheduled run that could not start, kept for the plan page.</summary>
    public async Task NoteScheduleAsync(int id, string note)
    {
        await using var db = await databases.CreateDbContextAsync();
        await db.Plans.Where(p => p.Id == id).ExecuteUpdateAsync(u => u.SetProperty(p => p.ScheduleNote, note));
    }

    public static string RecurringId(int planId) => $"plan-{planId}";
}
