using Hangfire;
using Microsoft.EntityFrameworkCore;
using Migration.Engine;
using Migration.Engine.Inventory;
using Web.Data;

namespace Web.Features.Inventory;

/// <summary>Starts scans as background jobs and reads them back.</summary>
public sealed class ScanService(IDbContextFactory<DashboardDbContext> databases, IBackgroundJobClient jobs)
{
    private readonly InventoryCache _inventories = new();

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
        return await WithoutInventory(db.Scans.AsNoTracking().OrderByDescending(s => s.Id)).ToListAsync(cancellationToken);
    }

    // Everything but the inventory itself, which can be tens of megabytes.
    private static IQueryable<ScanEntity> WithoutInventory(IQueryable<ScanEntity> scans) => scans.Select(s => new ScanEntity
    {
        Id = s.Id, ConnectionId = s.ConnectionId, SourceName = s.SourceName, Status = s.Status, Deep = s.Deep, CreatedAt = s.CreatedAt,
        FinishedAt = s.FinishedAt, RepositoriesDone = s.RepositoriesDone, RepositoriesTotal = s.RepositoriesTotal, Repositories = s.Repositories,
        Tags = s.Tags, Untagged = s.Untagged, Problems = s.Problems, UniqueBytes = s.UniqueBytes, ReferencedBytes = s.ReferencedBytes, Error = s.Error,
    });

    /// <summary>The scan, and its inventory once it has one. A finished scan never changes, so its inventory is read
    /// and parsed once and shared by every page, export and API call that asks (several viewers of a 100,000-tag scan
    /// would otherwise each hold their own copy).</summary>
    public async Task<(ScanEntity Scan, SourceInventory? Inventory)?> GetAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var scan = await WithoutInventory(db.Scans.AsNoTracking().Where(s => s.Id == id)).SingleOrDefaultAsync(cancellationToken);
        if (scan is null) return null;
        if (scan.Status != JobStatus.Succeeded) return (scan, null);
        var inventory = await _inventories.GetAsync(id, async () =>
        {
            var json = await db.Scans.Where(s => s.Id == id).Select(s => s.InventoryJson).SingleAsync(cancellationToken);
            return json is null ? null : System.Text.Json.JsonSerializer.Deserialize<SourceInventory>(json, EngineJson.Options);
        });
        return (scan, inventory);
    }
}
