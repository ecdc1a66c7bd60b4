using System.Diagnostics;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Migration.Engine;
using Migration.Engine.Copy;
using Migration.Engine.Oci;
using Migration.Engine.Registry;
using Migration.Engine.Sources;
using Web.Data;
using Web.Features.Connections;
using Web.Features.Projects;
using Web.Features.Shared;
using Migration.Engine.Plan;
using Migration.Engine.Run;

namespace Web.Features.Jobs;

/// <summary>
/// Copies one source repository of a migration. Safe to run twice, and after a crash: the engine's plan skips what
/// the target already holds. Blobs other repository jobs placed are mounted, not uploaded again, and a blob two jobs
/// (on any workers) want at once is claimed in the database, so one uploads it and the other mounts it.
/// Counters go to the database at most four times a second.
/// </summary>
public sealed class RepositoryJob(IDbContextFactory<DashboardDbContext> databases, ConnectionService connections, ProjectsService projects,
    MigrationPublisher publisher, MigrationFinisher finisher, DashboardInstance instance, RepositoryRunsHere runsHere, JobStorage storage, IBackgroundJobClient jobs,
    DashboardPaths paths, ILogger<RepositoryJob> logger)
{
    public const string Queue = "repositories";

    [Queue(Queue)]
    public async Task RunAsync(int migrationId, int repositoryId, CancellationToken cancellationToken)
    {
        if (!runsHere.TryStart(repositoryId)) return;
        try
        {
            await RunClaimedAsync(migrationId, repositoryId, cancellationToken);
        }
        finally
        {
            runsHere.Finish(repositoryId);
        }
    }

    private async Task RunClaimedAsync(int migrationId, int repositoryId, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var row = await db.MigrationRepositories.SingleAsync(r => r.Id == repositoryId, cancellationToken);
        var migration = await db.Migrations.AsNoTracking().SingleAsync(m => m.Id == migrationId, cancellationToken);
        if (row.Status is JobStatus.Succeeded or JobStatus.Failed or JobStatus.Cancelled) return;
        if (migration.Status == JobStatus.Cancelled)
        {
            row.Status = JobStatus.Cancelled;
            await db.SaveChangesAsync(cancellationToken);
            await finisher.TryFinishAsync(migrationId, cancellationToken);
            return;
        }
        if (!await ClaimAsync(db, row, cancellationToken)) return;
        logger.RepositoryJobStarted(migrationId, row.SourceRepository, instance.Name);
        var clock = Stopwatch.StartNew();

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var counters = new RepositoryCounters();
        await using var placements = new DatabaseBlobPlacements(databases, migration.TargetId, instance.Name);
        try
        {
            using var context = await MigrationContext.OpenAsync(migration.OptionsJson, connections, projects, cancel.Token);
            var items = await context.SelectAsync(row.SourceRepository, cancel.Token);
            var save = new ThrottledProgress<bool>(TimeSpan.FromMilliseconds(250), _ => SaveProgress(migrationId, repositoryId, counters, cancel));
            var progress = new CopyEventLog(logger, migrationId, instance.Name, new CopyEventFold(counters, () => save.Report(true)));
            var report = await new MigrationRunner(context.Source, context.Target, context.CopyOptions, context.Inspector, placements)
                .RunAsync(items, progress, cancel.Token);
            row.ImagesDone = report.Totals.ImagesCopied + report.Totals.ImagesAlreadyPresent + report.Totals.ImagesFailed;
            row.ImagesFailed = report.Totals.ImagesFailed;
            row.BytesDone = report.Totals.BytesUploaded;
            row.OutcomesJson = EngineJson.Serialize(report.Images);
            row.InFlight = null;
            row.Status = report.Totals.ImagesFailed == 0 ? JobStatus.Succeeded : JobStatus.Failed;
            logger.RepositoryJobFinished(migrationId, row.SourceRepository, instance.Name, report.Totals.ImagesCopied, report.Totals.ImagesFailed,
                report.Totals.BytesUploaded, clock.ElapsedMilliseconds);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            row.Status = JobStatus.Cancelled;
        }
        catch (Exception ex) when (ex is RegistryException or SourceException or IOException)
        {
            row.Status = JobStatus.Failed;
            row.OutcomesJson = EngineJson.Serialize(new[] { new { sourceRepository = row.SourceRepository, status = "failed", error = ex.Message } });
            logger.RepositoryJobFailed(migrationId, row.SourceRepository, instance.Name, ex.Message);
        }
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception ex) when (DataFolderSpace.IsFull(ex))
        {
            await RecordDiskFullAsync(migrationId, repositoryId, row.SourceRepository);
        }
        await SumIntoMigrationAsync(migrationId);
        await publisher.PublishAsync(migrationId);
        await finisher.TryFinishAsync(migrationId, CancellationToken.None);
    }

    /// <summary>
    /// Makes this worker the one running the repository, with a conditional update only one worker can win. A row
    /// another instance is running is left alone while that instance's Hangfire server is alive, and this delivery
    /// looks again in a minute: it is a duplicate, or its owner died and Hangfire has not dropped its server yet.
    /// Once the owner's server has gone, or when the row was ours before a restart, the job is taken over.
    /// </summary>
    private async Task<bool> ClaimAsync(DashboardDbContext db, MigrationRepositoryEntity row, CancellationToken cancellationToken)
    {
        var (status, owner) = (row.Status, row.Worker);
        var won = status == JobStatus.Running && owner is not null && owner != instance.Name && IsAlive(owner) ? 0
            : await db.MigrationRepositories.Where(r => r.Id == row.Id && r.Status == status && r.Worker == owner)
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, JobStatus.Running).SetProperty(r => r.Worker, instance.Name), cancellationToken);
        if (won == 0)
        {
            logger.RepositoryJobSkipped(row.MigrationId, row.SourceRepository, instance.Name, owner ?? "another worker");
            var (migrationId, repositoryId) = (row.MigrationId, row.Id);
            jobs.Schedule<RepositoryJob>(job => job.RunAsync(migrationId, repositoryId, CancellationToken.None), TimeSpan.FromMinutes(1));
            return false;
        }
        await db.Entry(row).ReloadAsync(cancellationToken);
        return true;
    }

    // Hangfire names a server "<ServerName lower-cased>:<process id>:<guid>"; ours are "<instance>:<queue>".
    private bool IsAlive(string owner) =>
        storage.GetMonitoringApi().Servers().Any(s => s.Name.StartsWith(owner.ToLowerInvariant() + ":", StringComparison.Ordinal));

    // The outcomes that did not fit are dropped; the row and the migration get the reason, which is small.
    private async Task RecordDiskFullAsync(int migrationId, int repositoryId, string repository)
    {
        var reason = DataFolderSpace.Reason(paths);
        var outcome = EngineJson.Serialize(new[] { new { sourceRepository = repository, status = "failed", error = reason } });
        await using var db = await databases.CreateDbContextAsync();
        await db.MigrationRepositories.Where(r => r.Id == repositoryId).ExecuteUpdateAsync(u => u
            .SetProperty(r => r.Status, JobStatus.Failed).SetProperty(r => r.OutcomesJson, outcome).SetProperty(r => r.InFlight, (string?)null));
        await db.Migrations.Where(m => m.Id == migrationId).ExecuteUpdateAsync(u => u.SetProperty(m => m.Error, reason));
        logger.RepositoryJobFailed(migrationId, repository, instance.Name, reason);
    }

    private void SaveProgress(int migrationId, int repositoryId, RepositoryCounters counters, CancellationTokenSource cancel)
    {
        using var db = databases.CreateDbContext();
        // max(): two throttled saves can overlap, and the one that read the counters first must not write last.
        var (done, failed) = (counters.ImagesDone, counters.ImagesFailed);
        db.MigrationRepositories.Where(r => r.Id == repositoryId).ExecuteUpdate(u => u
            .SetProperty(r => r.ImagesDone, r => Math.Max(r.ImagesDone, done)).SetProperty(r => r.ImagesFailed, r => Math.Max(r.ImagesFailed, failed))
            .SetProperty(r => r.BytesDone, counters.BytesDone).SetProperty(r => r.InFlight, counters.InFlight));
        // A cancel pressed on any app instance reaches this worker through the shared database.
        if (db.Migrations.Any(m => m.Id == migrationId && m.Status == JobStatus.Cancelled)) cancel.Cancel();
        SumIntoMigrationAsync(migrationId).GetAwaiter().GetResult();
        publisher.PublishAsync(migrationId).GetAwaiter().GetResult();
    }

    /// <summary>One statement that sums inside the write: jobs on other workers sum at the same time, and a sum read
    /// before theirs and written after would move the totals backwards.</summary>
    private async Task SumIntoMigrationAsync(int migrationId)
    {
        await using var db = await databases.CreateDbContextAsync();
        await db.Migrations.Where(m => m.Id == migrationId).ExecuteUpdateAsync(u => u
            .SetProperty(m => m.ImagesDone, m => db.MigrationRepositories.Where(r => r.MigrationId == m.Id).Sum(r => r.ImagesDone))
            .SetProperty(m => m.ImagesFailed, m => db.MigrationRepositories.Where(r => r.MigrationId == m.Id).Sum(r => r.ImagesFailed))
            .SetProperty(m => m.BytesDone, m => db.MigrationRepositories.Where(r => r.MigrationId == m.Id).Sum(r => r.BytesDone)));
    }
}
