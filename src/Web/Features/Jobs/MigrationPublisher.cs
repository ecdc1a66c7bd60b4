using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Web.Data;
using Web.Features.Shared;

namespace Web.Features.Jobs;

/// <summary>Reads a migration's snapshot from the database (the truth, whichever worker wrote it) and sends it to the
/// in-process feed and the SignalR group.</summary>
public sealed class MigrationPublisher(IDbContextFactory<DashboardDbContext> databases, ProgressFeed<MigrationSnapshot> feed,
    IHubContext<JobsHub, IJobsClient> hub)
{
    public async Task<MigrationSnapshot?> ReadAsync(int migrationId, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var migration = await db.Migrations.AsNoTracking().SingleOrDefaultAsync(m => m.Id == migrationId, cancellationToken);
        if (migration is null) return null;
        var repositories = await db.MigrationRepositories.AsNoTracking().Where(r => r.MigrationId == migrationId).ToListAsync(cancellationToken);
        return MigrationSnapshot.From(migration, repositories);
    }

    public async Task PublishAsync(int migrationId)
    {
        if (await ReadAsync(migrationId) is { } snapshot) await PublishAsync(snapshot);
    }

    public async Task PublishAsync(MigrationSnapshot snapshot)
    {
        feed.Publish($"migration:{snapshot.Id}", snapshot);
        await hub.Clients.Group(JobsHub.Group(snapshot.Id)).SnapshotUpdated(snapshot);
    }
}
