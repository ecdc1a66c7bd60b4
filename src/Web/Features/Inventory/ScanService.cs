using Hangfire;
using Microsoft.EntityFrameworkCore;
using Web.Data;

namespace Web.Features.Inventory;

/// <summary>Starts scans as background jobs and reads them back.</summary>
public sealed class ScanService(IDbContextFactory<DashboardDbContext> databases, IBackgroundJobClient jobs)
{
    public async Task<int> StartAsync(int connectionId, bool deep, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var connection = await db.Connections.SingleOrDefaultAsync(c => c.Id == connectionId, cancellationToken)
            ?? throw new ArgumentException($"connection {connectionId} does not exist");
        if (connection.Role != ConnectionRole.Source) throw new ArgumentException($"'{connection.Name}' is a target; scan a source");
        var scan = new ScanEntity { ConnectionId = connectionId, SourceName = connection.Name, Deep = deep, Status = JobStatus.Queued, CreatedAt = DateTimeOffset.UtcNow };
        db.Scans.Add(scan);
        await db.SaveChangesAsync(cancellationToken);
        // Jobs get ids only; the job reads everything else from the database (STYLE.md).
        jobs.Enqueue<ScanJob>(job => job.RunAsync(scan.Id, CancellationToken.None));
        return scan.Id;
    }

    public async Task<IReadOnlyList<ScanEntity>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.Scans.AsNoTracking().OrderByDescending(s => s.Id).ToListAsync(cancellationToken);
    }

    /// <summary>The scan's status and totals; its inventory is in rows (<see cref="InventoryQuery"/>).</summary>
    public async Task<ScanEntity?> GetAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.Scans.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
    }

    /// <summary>The scan if it has finished with an inventory, else null.</summary>
    public async Task<ScanEntity?> GetFinishedAsync(int id, CancellationToken cancellationToken = default) =>
        await GetAsync(id, cancellationToken) is { Status: JobStatus.Succeeded } scan ? scan : null;
}
