using Hangfire;
using Microsoft.EntityFrameworkCore;
using Web.Data;

namespace Web.Features.Migrations;

/// <summary>
/// After a restart, puts every unfinished repository job of a running migration back in the queue. Hangfire would
/// redeliver them too, but only after its invisibility timeout (30 minutes on SQLite); the jobs are idempotent, so
/// running one again costs only the checks of what is already on the target. With several instances, a repository
/// another instance is running is its business: only this instance's own (or unowned) ones are put back, and the job
/// itself claims its row, so a copy queued twice still runs once.
/// </summary>
public sealed class ResumeUnfinishedMigrations(IDbContextFactory<DashboardDbContext> databases, IBackgroundJobClient jobs,
    DashboardInstance instance, ILogger<ResumeUnfinishedMigrations> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var expired = await DatabaseBlobPlacements.ExpireClaimsOfAsync(db, instance.Name, cancellationToken);
        if (expired > 0) logger.LogInformation("{Count} blob claims of this instance's previous run released", expired);
        var unfinished = await db.MigrationRepositories
            .Where(r => (r.Status == JobStatus.Running && (r.Worker == null || r.Worker == instance.Name)) || r.Status == JobStatus.Queued)
            .Join(db.Migrations.Where(m => m.Status == JobStatus.Running), r => r.MigrationId, m => m.Id, (r, _) => r)
            .ToListAsync(cancellationToken);
        foreach (var row in unfinished)
        {
            jobs.Enqueue<RepositoryJob>(job => job.RunAsync(row.MigrationId, row.Id, CancellationToken.None));
            logger.LogInformation("migration {MigrationId}: resuming repository {Repository} after a restart", row.MigrationId, row.SourceRepository);
        }
        // Set up but never split (the coordinator died first): run the coordinator again.
        foreach (var id in await db.Migrations.Where(m => (m.Status == JobStatus.Queued || m.Status == JobStatus.Running) && !db.MigrationRepositories.Any(r => r.MigrationId == m.Id))
                     .Select(m => m.Id).ToListAsync(cancellationToken))
            jobs.Enqueue<MigrationCoordinatorJob>(job => job.RunAsync(id, CancellationToken.None));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
