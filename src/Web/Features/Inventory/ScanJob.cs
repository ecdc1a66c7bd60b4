using Microsoft.EntityFrameworkCore;
using Migration.Engine.Inventory;
using Migration.Engine.Registry;
using Migration.Engine.Sources;
using Microsoft.Extensions.Options;
using Web.Configuration;
using Web.Data;
using Web.Features.Connections;
using Web.Features.Shared;

namespace Web.Features.Inventory;

/// <summary>
/// The Hangfire job behind a scan. It is safe to run twice: a finished scan is left alone. Progress takes the same
/// path as a migration's: the scanner reports into memory, open pages get it pushed from there at most every
/// <see cref="ProgressTiming.PushEvery"/> (the last update always), and a flush loop beside the scan writes it to the
/// database (so a reloaded page shows the truth); no scanner thread waits on either.
/// </summary>
public sealed class ScanJob(IDbContextFactory<DashboardDbContext> databases, ConnectionService connections,
    ProgressFeed<ScanUpdate> feed, ProgressTiming timing, DashboardPaths paths, IOptions<DashboardSettings> settings, ILogger<ScanJob> logger)
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
        var ended = false;
        TrailingThrottle? push = null;
        try
        {
            var (entity, registry) = await connections.OpenAsync(scan.ConnectionId, cancellationToken);
            using var source = connections.OpenSource(entity, registry);
            var progress = new LatestScanProgress();
            push = new TrailingThrottle(timing.PushEvery, () =>
            {
                // Once the scan has ended, a late trailing push must not show it running again.
                if (ended) return Task.CompletedTask;
                var p = progress.Latest;
                feed.Publish($"scan:{scanId}", new ScanUpdate(scanId, JobStatus.Running, p.RepositoriesDone, p.RepositoriesTotal));
                return Task.CompletedTask;
            }, logger);
            progress.Changed = push.Poke;
            InventorySummary summary;
            await using (var rows = await InventoryRowWriter.OpenAsync(databases, scanId, cancellationToken))
            await using (new PeriodicFlush(timing.FlushEvery, async ct =>
            {
                var p = progress.Latest;
                await using var progressDb = await databases.CreateDbContextAsync(ct);
                await progressDb.Scans.Where(s => s.Id == scanId).ExecuteUpdateAsync(u => u
                    .SetProperty(s => s.RepositoriesDone, p.RepositoriesDone).SetProperty(s => s.RepositoriesTotal, p.RepositoriesTotal), ct);
            }, logger))
            {
                // Streamed into rows as each repository is read: the job holds a few repositories and the blob index, never the inventory.
                summary = await new Scanner(source).ScanAsync(new ScanOptions { Deep = scan.Deep }, progress,
                    repository => rows.AddAsync(repository, cancellationToken), cancellationToken);
                await rows.FinishAsync(summary, cancellationToken);
            }
            var totals = summary.Totals;
            (scan.Repositories, scan.Tags, scan.Untagged, scan.Problems, scan.UniqueBytes, scan.ReferencedBytes) =
                (totals.Repositories, totals.Tags, totals.Untagged, totals.Problems, totals.UniqueBytes, totals.ReferencedBytes);
            (scan.Manifests, scan.UniqueBlobs, scan.UntaggedListed, scan.SourceDescription) =
                (totals.Manifests, totals.UniqueBlobs, summary.UntaggedListed, summary.Source);
            scan.RepositoriesDone = scan.RepositoriesTotal = totals.Repositories;
            scan.Status = JobStatus.Succeeded;
            scan.FinishedAt = DateTimeOffset.UtcNow;
            await db.SaveChangesAsync(CancellationToken.None);
            await PruneAsync(db, scan.ConnectionId);
            logger.LogInformation("scan {ScanId} finished: {Tags} tags, {Problems} problems", scanId, totals.Tags, totals.Problems);
        }
        catch (Exception ex) when (DataFolderSpace.IsFull(ex) ||
            ex is SourceException or RegistryException or Migration.Engine.Oci.MalformedManifestException or IOException)
        {
            var reason = DataFolderSpace.IsFull(ex) ? DataFolderSpace.Reason(paths) : ex.Message;
            (scan.Status, scan.Error, scan.FinishedAt) = (JobStatus.Failed, reason, DateTimeOffset.UtcNow);
            // Only the small status row, and no half-written rows: the inventory may be what did not fit.
            await InventoryRowWriter.DeleteRowsAsync(db, [scanId], CancellationToken.None);
            await db.Scans.Where(s => s.Id == scanId).ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, JobStatus.Failed)
                .SetProperty(s => s.Error, reason).SetProperty(s => s.FinishedAt, scan.FinishedAt), CancellationToken.None);
            logger.LogWarning("scan {ScanId} failed: {Reason}", scanId, reason);
        }
        // After any push under way (the throttle runs one at a time), and no running push after it.
        ended = true;
        if (push is not null) await push.PublishNowAsync();
        Publish(scan);
    }

    /// <summary>Keeps the newest finished scans of this source (<c>Dashboard:KeepScans</c>): each holds a whole inventory,
    /// and a data folder that grows by one per scan fills up.</summary>
    private async Task PruneAsync(DashboardDbContext db, int connectionId)
    {
        var keep = settings.Value.KeepScanCount ?? DashboardSettings.DefaultKeepScans;
        var pruned = await db.Scans.Where(s => s.ConnectionId == connectionId && (s.Status == JobStatus.Succeeded || s.Status == JobStatus.Failed))
            .OrderByDescending(s => s.Id).Skip(keep).Select(s => s.Id).ToListAsync(CancellationToken.None);
        if (pruned.Count == 0) return;
        await InventoryRowWriter.DeleteRowsAsync(db, pruned, CancellationToken.None);
        await db.Scans.Where(s => pruned.Contains(s.Id)).ExecuteDeleteAsync(CancellationToken.None);
        logger.LogInformation("pruned {Count} older scans of connection {ConnectionId}, keeping {Keep}", pruned.Count, connectionId, keep);
    }

    private void Publish(ScanEntity scan) =>
        feed.Publish($"scan:{scan.Id}", new ScanUpdate(scan.Id, scan.Status, scan.RepositoriesDone, scan.RepositoriesTotal, scan.Error));
}
