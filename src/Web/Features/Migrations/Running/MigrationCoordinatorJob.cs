using Hangfire;
using Microsoft.EntityFrameworkCore;
using Migration.Engine.Harbor;
using Migration.Engine.Registry;
using Migration.Engine.Sources;
using Web.Data;
using Web.Features.Connections;
using Web.Features.Projects;
using Web.Features.Shared;
using Migration.Engine.Plan;

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
            var items = await context.SelectAsync(null, cancellationToken);
            var plan = await new ProjectPlanner(context.Harbor).PlanAsync(items.Select(i => i.SourceRepository).Distinct(), context.Mapper,
                context.Request.CreateProjects, cancellationToken);
            if (context.Request.CreateProjects) plan = await new ProjectPlanner(context.Harbor).CreateAsync(plan, false, null, cancellationToken);
            items = plan.Apply(items);

            migration.ImagesTotal = items.Count;
            migration.BytesTotal = items.Where(i => i.Error is null).SelectMany(i => i.Image.BlobDescriptors).DistinctBy(b => b.Digest).Sum(b => b.Size);
            var known = await db.MigrationRepositories.Where(r => r.MigrationId == migrationId).Select(r => r.SourceRepository).ToListAsync(cancellationToken);
            foreach (var group in items.GroupBy(i => i.SourceRepository).Where(g => !known.Contains(g.Key)))
                db.MigrationRepositories.Add(new MigrationRepositoryEntity { MigrationId = migrationId, SourceRepository = group.Key, ImagesTotal = group.Count() });
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
}
