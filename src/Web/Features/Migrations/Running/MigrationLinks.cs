using Web.Features.Shared;

namespace Web.Features.Migrations;

/// <summary>
/// The links of the migrations copying in this process, one per migration: every repository job of migration N here
/// joins the same <see cref="SharedLink"/>, so their requests in flight and the bandwidth cap add up instead of each
/// job taking all of them, and the last one to leave closes it.
/// </summary>
public sealed class MigrationLinks(MigrationLinkStore store, DashboardInstance instance, ProgressTiming timing, ILogger<MigrationLinks> logger)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<int, SharedLink> _links = new();

    /// <param name="cap">The cap to start with, should the first read of this worker's share fail.</param>
    public async Task<SharedLink> JoinAsync(int migrationId, int maxConcurrency, long? cap, CancellationToken cancellationToken)
    {
        SharedLink link;
        lock (_gate)
        {
            if (!_links.TryGetValue(migrationId, out link!))
                _links[migrationId] = link = new SharedLink(migrationId, instance.Name, maxConcurrency, cap, store, timing.LinkEvery, logger);
            link.Users++;
        }
        try
        {
            await link.FirstShare.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await LeaveAsync(link);
            throw;
        }
        return link;
    }

    public async Task LeaveAsync(SharedLink link)
    {
        lock (_gate)
        {
            if (--link.Users > 0) return;
            _links.Remove(link.MigrationId);
        }
        await link.DisposeAsync();
    }

    public SharedLink? Find(int migrationId)
    {
        lock (_gate) return _links.GetValueOrDefault(migrationId);
    }

    /// <summary>After a cap change made on this node: its jobs here take it now rather than at their next read.</summary>
    public async Task RefreshAsync(int migrationId)
    {
        if (Find(migrationId) is not { } link) return;
        try
        {
            await link.RefreshAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogDebug(ex, "applying the new bandwidth cap of migration {MigrationId} at once failed; the next read applies it", migrationId);
        }
    }

    /// <summary>The snapshot with this process's live measurement in place of what the database held for it.</summary>
    public MigrationSnapshot Overlay(MigrationSnapshot snapshot) => Find(snapshot.Id)?.Latest is { } mine ? snapshot.WithWorker(mine) : snapshot;
}
