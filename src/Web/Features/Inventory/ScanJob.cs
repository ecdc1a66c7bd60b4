using Microsoft.EntityFrameworkCore;
using Migration.Engine;
using Migration.Engine.Inventory;
using Migration.Engine.Registry;
using Migration.Engine.Sources;
using Web.Data;
using Web.Features.Connections;
using Web.Features.Shared;

namespace Web.Features.Inventory;

/// <summary>
/// The Hangfire job behind a scan. It is safe to run twice: a finished scan is left alone. Progress goes to the
/// database (so a reloaded page shows the truth) and to the in-process feed (so open pages move live), at most
/// about four times a second.
/// </summary>
public sealed class ScanJob(IDbContextFactory<DashboardDbContext> databases, ConnectionService connections,
    ProgressFeed<ScanUpdate> feed, DashboardPaths paths, ILogger<ScanJob> logger)
{
    public async Task RunAsync(int scanId, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var scan = await db.Scans.SingleOrDefaultAsync(s => s.Id == scanId, cancellationToken);
        if (scan is null || scan.Status is JobStatus.Succeeded or JobStatus.Failed) return;
        scan.Status = JobStatus.Running;
        await db.SaveChangesAsync(cancellationToken);
        Publish(scan);
        logger.LogInformation("scan {ScanId} of {Source} started", scanId, scan.SourceName);
        try
        {
            var (entity, registry) = await connections.OpenAsync(scan.ConnectionId, cancellationToken);
            using var source = ImageSourceFactory.Open(entity.Location, registry);
            var progress = new ThrottledProgress<ScanProgress>(TimeSpan.FromMilliseconds(250), p =>
            {
                feed.Publish($"scan:{scanId}", new ScanUpdate(scanId, JobStatus.Running, p.RepositoriesDone, p.RepositoriesTotal));
                // Its own short-lived context: the scan reports from many threads, a DbContext serves one.
                using var progressDb = databases.CreateDbContext();
                progressDb.Scans.Where(s => s.Id == scanId).ExecuteUpdate(u => u
                    .SetProperty(s => s.RepositoriesDone, p.RepositoriesDone).SetProperty(s => s.RepositoriesTotal, p.RepositoriesTotal));
            });
            var inventory = await new Scanner(source).ScanAsync(new ScanOptions { Deep = scan.Deep }, progress, cancellationToken);
            var totals = inventory.Totals;
            (scan.Repositories, scan.Tags, scan.Untagged, scan.Problems, scan.UniqueBytes, scan.ReferencedBytes) =
                (totals.Repositories, totals.Tags, totals.Untagged, totals.Problems, totals.UniqueBytes, totals.ReferencedBytes);
            scan.RepositoriesDone = scan.RepositoriesTotal = totals.Repositories;
            scan.InventoryJson = EngineJson.Serialize(inventory);
            scan.Status = JobStatus.Succeeded;
            scan.FinishedAt = DateTimeOffset.UtcNow;
            await db.SaveChangesAsync(CancellationToken.None);
            logger.LogInformation("scan {ScanId} finished: {Tags} tags, {Problems} problems", scanId, totals.Tags, totals.Problems);
        }
        catch (Exception ex) when (DataFolderSpace.IsFull(ex) ||
            ex is SourceException or RegistryException or Migration.Engine.Oci.MalformedManifestException or IOException)
        {
            var reason = DataFolderSpace.IsFull(ex) ? DataFolderSpace.Reason(paths) : ex.Message;
            (scan.Status, scan.Error, scan.FinishedAt) = (JobStatus.Failed, reason, DateTimeOffset.UtcNow);
            // Only the small status row: the inventory may be what did not fit.
            await db.Scans.Where(s => s.Id == scanId).ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, JobStatus.Failed)
                .SetProperty(s => s.Error, reason).SetProperty(s => s.FinishedAt, scan.FinishedAt), CancellationToken.None);
            logger.LogWarning("scan {ScanId} failed: {Reason}", scanId, reason);
        }
        Publish(scan);
    }

    private void Publish(ScanEntity scan) =>
        feed.Publish($"scan:{scan.Id}", new ScanUpdate(scan.Id, scan.Status, scan.RepositoriesDone, scan.RepositoriesTotal, scan.Error));
}
