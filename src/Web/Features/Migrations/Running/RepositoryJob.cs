using System.Diagnostics;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Migration.Engine.Copy;
using Migration.Engine.Registry;
using Migration.Engine.Sources;
using Web.Data;
using Web.Features.Connections;
using Web.Features.Projects;
using Web.Features.Shared;
using Migration.Engine.Plan;
using Migration.Engine.Run;

namespace Web.Features.Migrations;

/// <summary>
/// Copies one source repository of a migration. Safe to run twice, and after a crash: the engine's plan skips what
/// the target already holds, and blobs other jobs placed are found through the claims (<see cref="DatabaseBlobPlacements"/>)
/// and mounted, not sent again. Progress goes from the engine to memory (<see cref="RunningRepositories"/>), is pushed to
/// pages by <see cref="MigrationPublisher"/>, and is written to the database by a flush loop beside the copy: no
/// transfer thread ever waits on the database.
/// </summary>
public sealed class RepositoryJob(IDbContextFactory<DashboardDbContext> databases, ConnectionService connections, ProjectsService projects,
    MigrationPublisher publisher, MigrationFinisher finisher, DashboardInstance instance, RunningRepositories running, IRepositoryProgressStore store,
    MigrationLinks links, ProgressTiming timing, JobStorage storage, IBackgroundJobClient jobs, DashboardPaths paths, SpaceReserve reserve,
    ILogger<RepositoryJob> logger)
{
    public const string Queue = "repositories";

    [Queue(Queue)]
    public async Task RunAsync(int migrationId, int repositoryId, CancellationToken cancellationToken)
    {
        string repository;
        await using (var db = await databases.CreateDbContextAsync(cancellationToken))
            repository = await db.MigrationRepositories.Where(r => r.Id == repositoryId).Select(r => r.SourceRepository).SingleAsync(cancellationToken);
        if (running.TryStart(migrationId, repositoryId, repository) is not { } run) return;
        try
        {
            await RunClaimedAsync(run, cancellationToken);
        }
        finally
        {
            running.Finish(run);
        }
    }

    private async Task RunClaimedAsync(RunningRepository run, CancellationToken cancellationToken)
    {
        var (migrationId, repositoryId) = (run.MigrationId, run.RepositoryId);
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
        var started = DateTimeOffset.UtcNow;
        if (!reserve.TryTake())
        {
            // The data folder is still full: what little is left goes to saying so, not to a copy that cannot record.
            await RecordDiskFullAsync(migrationId, repositoryId, row.SourceRepository, migration, started);
            await finisher.TryFinishAsync(migrationId, CancellationToken.None);
            return;
        }
        if (!await ClaimAsync(db, row, cancellationToken)) return;
        logger.RepositoryJobStarted(migrationId, row.SourceRepository, instance.Name);
        await publisher.PublishAsync(migrationId);
        var clock = Stopwatch.StartNew();

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, run.Cancelled);
        await using var placements = new DatabaseBlobPlacements(databases, migration.TargetId, instance.Name, dataFolderFull: () => StopForFullDisk(migrationId));
        MigrationReport report;
        await using (new PeriodicFlush(timing.FlushEvery, ct => FlushAsync(run, cancel, ct), logger))
        {
            try
            {
                using var context = await MigrationContext.OpenAsync(migration.OptionsJson, connections, projects, cancel.Token);
                var items = await context.SelectAsync(row.SourceRepository, cancel.Token);
                report = await CopyAsync(run, context, items, migration.MaxBytesPerSecond, placements, cancel.Token);
                row.Status = report.Totals.ImagesFailed == 0 ? JobStatus.Succeeded : JobStatus.Failed;
                logger.RepositoryJobFinished(migrationId, row.SourceRepository, instance.Name, report.Totals.ImagesCopied, report.Totals.ImagesFailed,
                    report.Totals.BytesUploaded, clock.ElapsedMilliseconds);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                row.Status = run.StopReason is null ? JobStatus.Cancelled : JobStatus.Failed;
                report = MigrationReport.Failed(migration.SourceName, migration.TargetName, started, $"{row.SourceRepository}: {run.StopReason ?? "cancelled"}");
            }
            catch (Exception ex) when (ex is RegistryException or SourceException or IOException)
            {
                row.Status = JobStatus.Failed;
                report = MigrationReport.Failed(migration.SourceName, migration.TargetName, started, $"{row.SourceRepository}: {ex.Message}");
                logger.RepositoryJobFailed(migrationId, row.SourceRepository, instance.Name, ex.Message);
            }
        }
        // A copy that ended whole before the stop reached it stays Succeeded.
        if (run.StopReason is { } stopped && row.Status == JobStatus.Failed)
        {
            // Stopped after the copy's last image (no cancel was left to see): those images' failures read "database or
            // disk is full"; the repository and the migration say what to do about it.
            if (report.Images.Count > 0) report = report with { Errors = [.. report.Errors, $"{row.SourceRepository}: {stopped}"] };
            logger.RepositoryJobFailed(migrationId, row.SourceRepository, instance.Name, stopped);
            // Before the row ends: the job that finishes the migration reads the reason from it.
            await SetMigrationErrorAsync(migrationId, stopped);
        }
        var totals = report.Totals;
        (row.ImagesDone, row.ImagesFailed, row.BytesDone) = report.Images.Count > 0
            ? (totals.ImagesCopied + totals.ImagesAlreadyPresent + totals.ImagesFailed, totals.ImagesFailed, totals.BytesUploaded)
            // Stopped early: what the counters saw, never less than what a flush already wrote.
            : (Math.Max(row.ImagesDone, run.Counters.ImagesDone), Math.Max(row.ImagesFailed, run.Counters.ImagesFailed), run.Counters.BytesDone);
        row.OutcomesJson = StoredReports.Write(report);
        row.InFlight = null;
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception ex) when (DataFolderSpace.IsFull(ex))
        {
            StopForFullDisk(migrationId);
            await RecordDiskFullAsync(migrationId, repositoryId, row.SourceRepository, migration, started);
        }
        await using (var sums = await databases.CreateDbContextAsync()) await MigrationSums.SumAsync(sums, migrationId, CancellationToken.None);
        await publisher.PublishAsync(migrationId);
        await finisher.TryFinishAsync(migrationId, CancellationToken.None);
    }

    /// <summary>The copy itself, on the link that this migration's jobs in this process share (its requests in flight and
    /// its share of the bandwidth cap).</summary>
    private async Task<MigrationReport> CopyAsync(RunningRepository run, MigrationContext context, IReadOnlyList<MigrationItem> items, long? cap,
        IBlobPlacementCoordinator placements, CancellationToken cancellationToken)
    {
        var migrationId = run.MigrationId;
        var link = await links.JoinAsync(migrationId, context.Request.Concurrency, cap, cancellationToken);
        try
        {
            var progress = new CopyEventLog(logger, migrationId, instance.Name, new CopyEventFold(run.Counters, link, () => publisher.Changed(migrationId)));
            return await new MigrationRunner(context.Source, context.Target, context.CopyOptions with { Link = link.Governor }, context.Inspector, placements)
                .RunAsync(items, progress, cancellationToken);
        }
        finally
        {
            await links.LeaveAsync(link);
        }
    }

    /// <summary>Runs beside the copy: the counters to the database, and a cancel pressed on another instance back here.</summary>
    private async Task FlushAsync(RunningRepository run, CancellationTokenSource cancel, CancellationToken cancellationToken)
    {
        try
        {
            await store.SaveAsync(run, cancellationToken);
        }
        catch (Exception ex) when (DataFolderSpace.IsFull(ex))
        {
            StopForFullDisk(run.MigrationId);
            throw;
        }
        if (await store.IsCancelledAsync(run.MigrationId, cancellationToken)) await cancel.CancelAsync();
    }

    /// <summary>
    /// Makes this worker the one running the repository, with a conditional update only one worker can win. A row
    /// another instance is running is left alone while that instance's Hangfire server is alive, and this delivery
    /// looks again in half the worker timeout: it is a duplicate, or its owner died and Hangfire has not dropped its server yet.
    /// Once the owner's server has gone, or when the row was ours before a restart, the job is taken over.
    /// </summary>
    private async Task<bool> ClaimAsync(DashboardDbContext db, MigrationRepositoryEntity row, CancellationToken cancellationToken)
    {
        var (status, owner) = (row.Status, row.Worker);
        var othersRun = status == JobStatus.Running && owner is not null && owner != instance.Name ? owner : null;
        var won = othersRun is not null && IsAlive(othersRun) ? 0
            : await db.MigrationRepositories.Where(r => r.Id == row.Id && r.Status == status && r.Worker == owner)
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, JobStatus.Running).SetProperty(r => r.Worker, instance.Name)
                    .SetProperty(r => r.TakenOverFrom, r => othersRun ?? r.TakenOverFrom), cancellationToken);
        if (won == 0)
        {
            logger.RepositoryJobSkipped(row.MigrationId, row.SourceRepository, instance.Name, owner ?? "another worker", (int)LookAgainAfter.TotalSeconds);
            var (migrationId, repositoryId) = (row.MigrationId, row.Id);
            jobs.Schedule<RepositoryJob>(job => job.RunAsync(migrationId, repositoryId, CancellationToken.None), LookAgainAfter);
            return false;
        }
        if (othersRun is not null) logger.RepositoryJobTakenOver(row.MigrationId, row.SourceRepository, instance.Name, othersRun);
        await db.Entry(row).ReloadAsync(cancellationToken);
        return true;
    }

    // By then a dead owner has been dropped from Hangfire's server list (WatchForDeadServers: it goes once it has been
    // silent for the worker timeout, looked at every quarter of it).
    private TimeSpan LookAgainAfter => instance.WorkerTimeout / 2;

    // Hangfire names a server "<ServerName lower-cased>:<process id>:<guid>"; ours are "<instance>:<queue>".
    private bool IsAlive(string owner) =>
        storage.GetMonitoringApi().Servers().Any(s => s.Name.StartsWith(owner.ToLowerInvariant() + ":", StringComparison.Ordinal));

    /// <summary>
    /// A write met a full data folder: the reserve is let go, so the stop and its reason can still be written, and every
    /// repository of the migration running here stops, as failed with that reason (a retry runs them again). Left
    /// running, they would spend the freed room on progress and claims and leave none for their own ends.
    /// </summary>
    private void StopForFullDisk(int migrationId)
    {
        reserve.Release();
        running.Stop(migrationId, DataFolderSpace.Reason(paths));
    }

    // The report that did not fit is dropped; the row and the migration get the reason, which is small.
    private async Task RecordDiskFullAsync(int migrationId, int repositoryId, string repository, MigrationEntity migration, DateTimeOffset started)
    {
        var reason = DataFolderSpace.Reason(paths);
        var outcome = StoredReports.Write(MigrationReport.Failed(migration.SourceName, migration.TargetName, started, $"{repository}: {reason}"));
        await SetMigrationErrorAsync(migrationId, reason);
        try
        {
            await using var db = await databases.CreateDbContextAsync();
            await db.MigrationRepositories.Where(r => r.Id == repositoryId).ExecuteUpdateAsync(u => u
                .SetProperty(r => r.Status, JobStatus.Failed).SetProperty(r => r.OutcomesJson, outcome).SetProperty(r => r.InFlight, (string?)null));
        }
        catch (Exception ex) when (DataFolderSpace.IsFull(ex))
        {
            // Not even the reserve was enough: the log keeps the reason, and the row stays Running until a restart resumes it.
        }
        logger.RepositoryJobFailed(migrationId, repository, instance.Name, reason);
    }

    private async Task SetMigrationErrorAsync(int migrationId, string reason)
    {
        try
        {
            await using var db = await databases.CreateDbContextAsync();
            await db.Migrations.Where(m => m.Id == migrationId).ExecuteUpdateAsync(u => u.SetProperty(m => m.Error, reason));
        }
        catch (Exception ex) when (DataFolderSpace.IsFull(ex))
        {
            // Logged by the caller; the repository's row carries it if that write fits.
        }
    }
}
