using Microsoft.EntityFrameworkCore;
using Web.Data;

namespace Web.Features.Migrations;

/// <summary>The database side of the migrations' links: each worker's share of the cap, and each worker's latest
/// measurement, which pages on any node add up. Called from the links' own loops, never from a transfer.</summary>
public sealed class MigrationLinkStore(IDbContextFactory<DashboardDbContext> databases)
{
    /// <summary>
    /// One worker's share of the migration's cap: the cap divided among the workers running its repositories now, as
    /// the repository rows record them (a worker marks a row before it copies), so the cap holds in total however many
    /// workers share the migration. A worker that died still counts until its rows are taken over: its share is held
    /// back a little longer than needed, never given twice.
    /// </summary>
    public async Task<long?> CapShareAsync(int migrationId, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var found = await db.Migrations.Where(m => m.Id == migrationId).Select(m => new
        {
            m.MaxBytesPerSecond,
            Workers = db.MigrationRepositories.Where(r => r.MigrationId == m.Id && r.Status == JobStatus.Running && r.Worker != null)
                .Select(r => r.Worker).Distinct().Count(),
        }).SingleOrDefaultAsync(cancellationToken);
        return found?.MaxBytesPerSecond is { } cap ? Math.Max(1, cap / Math.Max(1, found.Workers)) : null;
    }

    public async Task SaveAsync(int migrationId, WorkerLink link, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var status = link.Status;
        var roundTrip = status.RoundTrip?.TotalMilliseconds;
        var updated = await db.MigrationWorkerLinks.Where(l => l.MigrationId == migrationId && l.Worker == link.Worker).ExecuteUpdateAsync(u => u
            .SetProperty(l => l.BytesPerSecond, status.BytesPerSecond).SetProperty(l => l.InFlight, status.InFlight)
            .SetProperty(l => l.Limit, status.Limit).SetProperty(l => l.MaxConcurrency, status.MaxConcurrency)
            .SetProperty(l => l.RoundTripMilliseconds, roundTrip).SetProperty(l => l.CapBytesPerSecond, status.CapBytesPerSecond)
            .SetProperty(l => l.MeasuredAt, link.MeasuredAt), cancellationToken);
        if (updated > 0) return;
        // The first measurement of this worker for this migration; only this worker writes its row.
        db.MigrationWorkerLinks.Add(new MigrationWorkerLinkEntity
        {
            MigrationId = migrationId, Worker = link.Worker, BytesPerSecond = status.BytesPerSecond, InFlight = status.InFlight, Limit = status.Limit,
            MaxConcurrency = status.MaxConcurrency, RoundTripMilliseconds = roundTrip, CapBytesPerSecond = status.CapBytesPerSecond, MeasuredAt = link.MeasuredAt,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The worker has no job of the migration left: its rate leaves the sum now rather than when it goes stale.</summary>
    public async Task ForgetAsync(int migrationId, string worker, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await db.MigrationWorkerLinks.Where(l => l.MigrationId == migrationId && l.Worker == worker).ExecuteDeleteAsync(cancellationToken);
    }

    public static async Task<IReadOnlyList<WorkerLink>> ReadAsync(DashboardDbContext db, int migrationId, CancellationToken cancellationToken) =>
        (await db.MigrationWorkerLinks.AsNoTracking().Where(l => l.MigrationId == migrationId).ToListAsync(cancellationToken)).Select(WorkerLink.From).ToList();
}
