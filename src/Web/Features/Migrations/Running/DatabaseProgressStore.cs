using Microsoft.EntityFrameworkCore;
using Web.Data;

namespace Web.Features.Migrations;

public sealed class DatabaseProgressStore(IDbContextFactory<DashboardDbContext> databases) : IRepositoryProgressStore
{
    public async Task SaveAsync(RunningRepository run, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var counters = run.Counters;
        var (done, failed, bytes, inFlight) = (counters.ImagesDone, counters.ImagesFailed, counters.BytesDone, counters.InFlight);
        // max(): a resumed repository starts its counters again while the row still holds the earlier run's figures.
        await db.MigrationRepositories.Where(r => r.Id == run.RepositoryId).ExecuteUpdateAsync(u => u
            .SetProperty(r => r.ImagesDone, r => Math.Max(r.ImagesDone, done)).SetProperty(r => r.ImagesFailed, r => Math.Max(r.ImagesFailed, failed))
            .SetProperty(r => r.BytesDone, bytes).SetProperty(r => r.InFlight, inFlight), cancellationToken);
        await MigrationSums.SumAsync(db, run.MigrationId, cancellationToken);
    }

    public async Task<bool> IsCancelledAsync(int migrationId, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.Migrations.AnyAsync(m => m.Id == migrationId && m.Status == JobStatus.Cancelled, cancellationToken);
    }
}
