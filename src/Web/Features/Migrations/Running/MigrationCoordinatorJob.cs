using Hangfire;
using Microsoft.EntityFrameworkCore;
using Migration.Engine.Harbor;
using Migration.Engine.Registry;
using Migration.Engine.Sources;
using Web.Data;
using Web.Features.Connections;
using Web.Features.Projects;
using Web.Features.Shared;
using Migration.Engine.Inventory;
using Migration.Engine.Plan;
using Migration.Engine;
using Migration.Engine.Run;
using Web.Features.Plans;

namespace Web.Features.Migrations;

/// <summary>
/// Starts a migration: checks the login, scans and selects, creates the Harbor projects, then splits the work into
/// one Hangfire job per source repository, so several workers (or several app instances on PostgreSQL) share it.
/// Safe to run twice: repositories already recorded are not added again.
/// </summary>
public sealed class MigrationCoordinatorJob(IDbContextFactory<DashboardDbContext> databases, ConnectionService connections,
    ProjectsService projects, IBackgroundJobClient jobs, MigrationPublisher publisher, MigrationFinisher finisher, DashboardPaths paths,
    ILogger<MigrationCoordinatorJob> logger)
{
    public async Task RunAsync(int migrationId, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var migration = await db.Migrations.SingleAsync(m => m.Id == migrationId, cancellationToken);
        if (migration.Status is not (JobStatus.Queued or JobStatus.Running)) return;
        migration.Status = JobStatus.Running;
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("migration {MigrationId} started: {Source} -> {Target}", migrationId, migration.SourceName, migration.TargetName);
        try
        {
            using var context = await MigrationContext.OpenAsync(migration.OptionsJson, connections, projects, cancellationToken);
            await context.Harbor.CheckCredentialsAsync(cancellationToken);
            // Streamed: a registry of any size is counted a batch at a time; only the names, counts and a blob index stay.
            var images = new Dictionary<string, int>(StringComparer.Ordinal);
            // A plan's run after the first is a sync: what changed since the run before is measured in the same pass.
            var delta = await PlanRuns.DeltaBuilderAsync(db, migration, cancellationToken);
            var bytes = await UniqueBytesAsync(context, new HashSet<string>(), batch =>
            {
                foreach (var group in batch.GroupBy(i => i.SourceRepository)) images[group.Key] = group.Count();
                delta?.Observe(batch);
            }, cancellationToken);
            if (delta is not null) migration.DeltaJson = EngineJson.Serialize(delta.Build());
            var plan = await new ProjectPlanner(context.Harbor).PlanAsync(images.Keys, context.Mapper, context.Request.CreateProjects, cancellationToken);
            if (context.Request.CreateProjects) plan = await new ProjectPlanner(context.Harbor).CreateAsync(plan, false, null, cancellationToken);

            migration.ImagesTotal = images.Values.Sum();
            var refused = plan.Refused;
            migration.BytesTotal = refused.Count == 0 ? bytes : await UniqueBytesAsync(context, refused, _ => { }, cancellationToken);
            // A set: a resumed coordinator of 20,000 repositories asks it once per repository.
            var known = (await db.MigrationRepositories.Where(r => r.MigrationId == migrationId).Select(r => r.SourceRepository).ToListAsync(cancellationToken))
                .ToHashSet(StringComparer.Ordinal);
            foreach (var (repository, count) in images.Where(i => !known.Contains(i.Key)))
                db.MigrationRepositories.Add(new MigrationRepositoryEntity { MigrationId = migrationId, SourceRepository = repository, ImagesTotal = count });
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception ex) when (DataFolderSpace.IsFull(ex) || ex is RegistryException or SourceException or FormatException or IOException)
        {
            var reason = DataFolderSpace.IsFull(ex) ? DataFolderSpace.Reason(paths) : ex.Message;
            // Only the status: rows added before a full disk refused them must not be tried again.
            db.ChangeTracker.Clear();
            await db.Migrations.Where(m => m.Id == migrationId).ExecuteUpdateAsync(u => u.SetProperty(m => m.Status, JobStatus.Failed)
                .SetProperty(m => m.Error, reason).SetProperty(m => m.FinishedAt, DateTimeOffset.UtcNow), CancellationToken.None);
            logger.LogWarning("migration {MigrationId} failed to start: {Reason}", migrationId, reason);
            await publisher.PublishAsync(migrationId);
            return;
        }

        var pending = await db.MigrationRepositories.Where(r => r.MigrationId == migrationId && r.Status != JobStatus.Succeeded && r.Status != JobStatus.Failed)
            .Select(r => r.Id).ToListAsync(cancellationToken);
        foreach (var id in pending) jobs.Enqueue<RepositoryJob>(job => job.RunAsync(migrationId, id, CancellationToken.None));
        await publisher.PublishAsync(migrationId);
        if (pending.Count == 0) await finisher.TryFinishAsync(migrationId, cancellationToken);
    }

    /// <summary>The bytes the copy will send: each distinct blob of the images that can go, once. Counted in the first
    /// pass; when Harbor refuses some repositories' projects, once more without them.</summary>
    private static async Task<long> UniqueBytesAsync(MigrationContext context, IReadOnlySet<string> refused, Action<IReadOnlyList<MigrationItem>> alsoSee,
        CancellationToken cancellationToken)
    {
        var blobs = new BlobIndex();
        var repository = 0;
        await context.SelectStreamedAsync(batch =>
        {
            alsoSee(batch);
            foreach (var item in batch.Where(i => i.Error is null && !refused.Contains(i.SourceRepository)))
            {
                foreach (var blob in item.Image.BlobDescriptors) blobs.Add(blob.Digest, blob.Size, repository);
            }
            repository++;
            return ValueTask.CompletedTask;
        }, cancellationToken);
        return blobs.UniqueBytes;
    }
}
