using System.Net;
using Microsoft.EntityFrameworkCore;
using Migration.Engine.Registry;
using Web.Data;
using Web.Features.Connections;
using Web.Features.Migrations;

namespace Web.Features.Plans;

/// <summary>
/// The cutover of a plan: the source frozen, a final sync, verification green, then the record. It refuses to finish
/// while any step is not done, and says which.
/// </summary>
public sealed class CutoverService(IDbContextFactory<DashboardDbContext> databases, ConnectionService connections, PlanService plans,
    ILogger<CutoverService> logger)
{
    /// <summary>Asks an HTTP source to start an upload in one of its repositories: a frozen registry refuses (405
    /// UNSUPPORTED in read-only mode). An upload it accepts is cancelled at once; nothing is written.</summary>
    public async Task<FreezeCheck> CheckFreezeAsync(int planId, CancellationToken cancellationToken = default)
    {
        var plan = await plans.GetAsync(planId, cancellationToken) ?? throw new KeyNotFoundException($"plan {planId} does not exist");
        var (entity, registry) = await connections.OpenAsync(plan.SourceId, cancellationToken);
        if (registry is null)
            return new FreezeCheck(false, false, $"'{entity.Name}' is a storage folder: nothing here can tell who writes into it. Freeze its registry, then confirm it here.");
        using var client = new RegistryClient(registry);
        try
        {
            var repository = (await client.ListRepositoriesAsync(cancellationToken)).FirstOrDefault();
            if (repository is null) return new FreezeCheck(false, false, $"'{entity.Name}' holds no repository to try a push in");
            var session = await client.StartUploadAsync(repository, cancellationToken);
            await client.CancelUploadAsync(session);
            return new FreezeCheck(false, true, $"'{entity.Name}' still accepts pushes: it opened an upload in {repository} (cancelled again). {FreezeCheck.HowTo}");
        }
        catch (RegistryException ex) when (ex.Status is HttpStatusCode.MethodNotAllowed or HttpStatusCode.ServiceUnavailable || ex.Code == "UNSUPPORTED")
        {
            return new FreezeCheck(true, true, $"'{entity.Name}' refuses pushes: {ex.Message}");
        }
        catch (RegistryException ex)
        {
            return new FreezeCheck(false, false, $"could not tell whether '{entity.Name}' is frozen: {ex.Message}");
        }
    }

    /// <summary>Finishes the cutover when every step is done; otherwise the steps still open, in words.</summary>
    public async Task<(CutoverRecord? Record, IReadOnlyList<string> Open)> FinishAsync(int planId, bool sourceFrozenConfirmed, string? by,
        CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var plan = await db.Plans.SingleOrDefaultAsync(p => p.Id == planId, cancellationToken) ?? throw new KeyNotFoundException($"plan {planId} does not exist");
        if (plan.CutoverAt is not null) return (await RecordAsync(planId, cancellationToken), []);
        var open = new List<string>();
        if (await PlanRuns.ActiveAsync(db, planId, cancellationToken) is { } running) open.Add($"run {running.Id} is still going: wait for it to finish");
        var last = await db.Migrations.AsNoTracking().Where(m => m.PlanId == planId).OrderByDescending(m => m.Id).FirstOrDefaultAsync(cancellationToken);
        if (last is null) open.Add("the plan has not run yet: run the final sync");
        else if (last.Status != JobStatus.Succeeded || last.Verified != true)
            open.Add($"the last run ({last.Id}) is {last.Status}{(last.Verified == false ? ", verification failed" : last.Verified is null ? ", not verified" : "")}: " +
                     "fix what it names and run the final sync again");
        var freeze = await CheckFreezeAsync(planId, cancellationToken);
        if (!freeze.Frozen && !(sourceFrozenConfirmed && !freeze.Proven)) open.Add($"the source is not frozen: {freeze.Detail}");
        if (open.Count == 0)
        {
            var preview = await plans.PreviewDeltaAsync(planId, cancellationToken);
            if (preview.Delta is not { IsEmpty: true } delta)
                open.Add($"the source changed since the final sync ({preview.Delta?.Summary()}): run the final sync again");
        }
        if (open.Count > 0) return (null, open);

        var record = await BuildAsync(db, plan, last!, cancellationToken);
        (plan.CutoverAt, plan.CutoverBy, plan.CutoverMigrationId) = (DateTimeOffset.UtcNow, by, last!.Id);
        record = record with { CutoverAt = plan.CutoverAt, CutoverBy = by };
        plan.CutoverRecordSha256 = record.ListSha256;
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("plan {PlanId} cut over by {By}: run {MigrationId}, {Count} references, list SHA-256 {Hash}",
            planId, by, last.Id, record.References.Count, record.ListSha256);
        return (record, []);
    }

    /// <summary>The record of a finished cutover; null before.</summary>
    public async Task<CutoverRecord?> RecordAsync(int planId, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var plan = await db.Plans.AsNoTracking().SingleOrDefaultAsync(p => p.Id == planId, cancellationToken);
        if (plan?.CutoverMigrationId is not { } runId) return null;
        var run = await db.Migrations.AsNoTracking().SingleAsync(m => m.Id == runId, cancellationToken);
        return (await BuildAsync(db, plan, run, cancellationToken)) with { CutoverAt = plan.CutoverAt, CutoverBy = plan.CutoverBy };
    }

    /// <summary>The record when <paramref name="migrationId"/> was a plan's final run, for its share view; null otherwise.</summary>
    public async Task<CutoverRecord?> RecordOfRunAsync(int migrationId, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var planId = await db.Plans.Where(p => p.CutoverMigrationId == migrationId).Select(p => (int?)p.Id).FirstOrDefaultAsync(cancellationToken);
        return planId is { } id ? await RecordAsync(id, cancellationToken) : null;
    }

    private static async Task<CutoverRecord> BuildAsync(DashboardDbContext db, SyncPlanEntity plan, MigrationEntity run, CancellationToken cancellationToken)
    {
        var locations = await db.Connections.AsNoTracking().Where(c => c.Id == plan.SourceId || c.Id == plan.TargetId)
            .ToDictionaryAsync(c => c.Id, c => c.Location, cancellationToken);
        var sourceHost = plan.SourceReferenceHost ?? HostOf(locations.GetValueOrDefault(plan.SourceId));
        var targetHost = HostOf(locations.GetValueOrDefault(plan.TargetId)) ?? plan.TargetName;
        var report = StoredReports.Read(run.ReportJson) ?? throw new InvalidOperationException($"run {run.Id} has no report");
        return new CutoverRecord
        {
            PlanId = plan.Id, Plan = plan.Name, Source = plan.SourceName, Target = plan.TargetName, FinalRunId = run.Id,
            FinalRunStartedBy = run.StartedBy, FinalRunStartedAt = run.CreatedAt, FinalRunFinishedAt = run.FinishedAt,
            References = CutoverRecord.ReferencesOf(report, sourceHost, targetHost),
        };
    }

    private static string? HostOf(string? location) =>
        Uri.TryCreate(location, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri.Authority : null;
}
