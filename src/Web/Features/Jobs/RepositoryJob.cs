using System.Collections.Concurrent;
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

namespace Web.Features.Jobs;

/// <summary>
/// Copies one source repository of a migration. Safe to run twice, and after a crash: the engine's plan skips what
/// the target already holds. Blobs other repositories of the run already placed are mounted, not uploaded again.
/// Counters go to the database at most four times a second.
/// </summary>
public sealed class RepositoryJob(IDbContextFactory<DashboardDbContext> databases, ConnectionService connections, ProjectsService projects,
    MigrationPublisher publisher, MigrationFinisher finisher, DashboardPaths paths, ILogger<RepositoryJob> logger)
{
    public const string Queue = "repositories";

    [Hangfire.Queue(Queue)]
    public async Task RunAsync(int migrationId, int repositoryId, CancellationToken cancellationToken)
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
        row.Status = JobStatus.Running;
        await db.SaveChangesAsync(cancellationToken);

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var placed = new ConcurrentDictionary<string, string>();
        var counters = new RepositoryCounters();
        try
        {
            using var context = await MigrationContext.OpenAsync(migration.OptionsJson, connections, projects, cancel.Token);
            var items = await context.SelectAsync(row.SourceRepository, cancel.Token);
            var known = await db.BlobLocations.AsNoTracking().Where(b => b.TargetId == migration.TargetId).ToListAsync(cancel.Token);
            var locations = known.Where(b => Digest.TryParse(b.Digest, out _)).ToDictionary(b => Digest.Parse(b.Digest), b => b.Repository);
            var save = new ThrottledProgress<bool>(TimeSpan.FromMilliseconds(250), _ => SaveProgress(migrationId, repositoryId, counters, cancel));
            var progress = new CopyEventFold(counters, placed, () => save.Report(true), (digest, repository) => RecordUpload(migration.TargetId, digest, repository));
            var report = await new MigrationRunner(context.Source, context.Target, context.CopyOptions, context.Inspector)
                .RunAsync(items, progress, cancel.Token, locations);
            row.ImagesDone = report.Totals.ImagesCopied + report.Totals.ImagesAlreadyPresent + report.Totals.ImagesFailed;
            row.ImagesFailed = report.Totals.ImagesFailed;
            row.BytesDone = report.Totals.BytesUploaded;
            row.OutcomesJson = EngineJson.Serialize(report.Images);
            row.InFlight = null;
            row.Status = report.Totals.ImagesFailed == 0 ? JobStatus.Succeeded : JobStatus.Failed;
            logger.LogInformation("migration {MigrationId} repository {Repository}: {Copied} copied, {Failed} failed", migrationId,
                row.SourceRepository, report.Totals.ImagesCopied, report.Totals.ImagesFailed);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            row.Status = JobStatus.Cancelled;
        }
        catch (Exception ex) when (ex is RegistryException or SourceException or IOException)
        {
            row.Status = JobStatus.Failed;
            row.OutcomesJson = EngineJson.Serialize(new[] { new { sourceRepository = row.SourceRepository, status = "failed", error = ex.Message } });
            logger.LogWarning("migration {MigrationId} repository {Repository} failed: {Reason}", migrationId, row.SourceRepository, ex.Message);
        }
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception ex) when (DataFolderSpace.IsFull(ex))
        {
            await RecordDiskFullAsync(migrationId, repositoryId, row.SourceRepository);
        }
        await RecordPlacementsAsync(migration.TargetId, placed);
        await SumIntoMigrationAsync(migrationId);
        await publisher.PublishAsync(migrationId);
        await finisher.TryFinishAsync(migrationId, CancellationToken.None);
    }

    // The outcomes that did not fit are dropped; the row and the migration get the reason, which is small.
    private async Task RecordDiskFullAsync(int migrationId, int repositoryId, string repository)
    {
        var reason = DataFolderSpace.Reason(paths);
        var outcome = EngineJson.Serialize(new[] { new { sourceRepository = repository, status = "failed", error = reason } });
        await using var db = await databases.CreateDbContextAsync();
        await db.MigrationRepositories.Where(r => r.Id == repositoryId).ExecuteUpdateAsync(u => u
            .SetProperty(r => r.Status, JobStatus.Failed).SetProperty(r => r.OutcomesJson, outcome).SetProperty(r => r.InFlight, (string?)null));
        await db.Migrations.Where(m => m.Id == migrationId).ExecuteUpdateAsync(u => u.SetProperty(m => m.Error, reason));
        logger.LogWarning("migration {MigrationId} repository {Repository} failed: {Reason}", migrationId, repository, reason);
    }

    private void SaveProgress(int migrationId, int repositoryId, RepositoryCounters counters, CancellationTokenSource cancel)
    {
        using var db = databases.CreateDbContext();
        db.MigrationRepositories.Where(r => r.Id == repositoryId).ExecuteUpdate(u => u
            .SetProperty(r => r.ImagesDone, counters.ImagesDone).SetProperty(r => r.ImagesFailed, counters.ImagesFailed)
            .SetProperty(r => r.BytesDone, counters.BytesDone).SetProperty(r => r.InFlight, counters.InFlight));
        // A cancel pressed on any app instance reaches this worker through the shared database.
        if (db.Migrations.Any(m => m.Id == migrationId && m.Status == JobStatus.Cancelled)) cancel.Cancel();
        SumIntoMigrationAsync(migrationId).GetAwaiter().GetResult();
        publisher.PublishAsync(migrationId).GetAwaiter().GetResult();
    }

    private async Task SumIntoMigrationAsync(int migrationId)
    {
        await using var db = await databases.CreateDbContextAsync();
        var rows = await db.MigrationRepositories.AsNoTracking().Where(r => r.MigrationId == migrationId).ToListAsync();
        await db.Migrations.Where(m => m.Id == migrationId).ExecuteUpdateAsync(u => u
            .SetProperty(m => m.ImagesDone, rows.Sum(r => r.ImagesDone))
            .SetProperty(m => m.ImagesFailed, rows.Sum(r => r.ImagesFailed))
            .SetProperty(m => m.BytesDone, rows.Sum(r => r.BytesDone)));
    }

    // An upload is recorded the moment it lands, not only when the job ends: after a crash, the other repository jobs
    // then mount it instead of sending it again. Best effort; the record at the end of the job covers a failure here.
    private void RecordUpload(int targetId, string digest, string repository)
    {
        try
        {
            using var db = databases.CreateDbContext();
            if (db.BlobLocations.Any(b => b.TargetId == targetId && b.Digest == digest)) return;
            db.BlobLocations.Add(new BlobLocationEntity { TargetId = targetId, Digest = digest, Repository = repository });
            db.SaveChanges();
        }
        catch (Exception ex)
        {
            logger.LogDebug("blob {Digest} in {Repository} not recorded yet: {Reason}", digest, repository, ex.Message);
        }
    }

    private async Task RecordPlacementsAsync(int targetId, ConcurrentDictionary<string, string> placed)
    {
        if (placed.IsEmpty) return;
        await using var db = await databases.CreateDbContextAsync();
        var existing = (await db.BlobLocations.Where(b => b.TargetId == targetId).Select(b => b.Digest).ToListAsync()).ToHashSet();
        db.BlobLocations.AddRange(placed.Where(p => !existing.Contains(p.Key))
            .Select(p => new BlobLocationEntity { TargetId = targetId, Digest = p.Key, Repository = p.Value }));
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            // Another repository job recorded the same blob at the same moment; either location serves.
        }
    }
}
