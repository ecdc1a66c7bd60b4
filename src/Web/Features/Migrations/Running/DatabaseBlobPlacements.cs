using Microsoft.EntityFrameworkCore;
using Migration.Engine.Copy;
using Migration.Engine.Oci;
using Web.Data;
using Web.Features.Shared;
using Migration.Engine.Plan;
using Migration.Engine.Run;

namespace Web.Features.Migrations;

/// <summary>
/// The engine's blob claims over the dashboard database, shared by every worker and app instance (the data folder is
/// shared). A claim is an <c>INSERT OR IGNORE</c> of the (target, digest) row without a repository: the primary key
/// lets exactly one job win. A placement fills in the repository. One per repository job; dispose it when the job ends.
/// </summary>
public sealed class DatabaseBlobPlacements : IBlobPlacementCoordinator, IAsyncDisposable
{
    private readonly IDbContextFactory<DashboardDbContext> _databases;
    private readonly int _targetId;
    private readonly BlobClaimTiming _timing;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _heartbeat;
    private readonly SemaphoreSlim _loadGate = new(1, 1);
    private readonly Action? _dataFolderFull;
    private IReadOnlyDictionary<string, string>? _placedBefore;
    private int _held;

    /// <param name="dataFolderFull">Called when a claim or a placement cannot be written because the data folder is
    /// full. The engine counts the failed write against one image only; the job must hear of it and stop.</param>
    public DatabaseBlobPlacements(IDbContextFactory<DashboardDbContext> databases, int targetId, string instance, BlobClaimTiming? timing = null,
        Action? dataFolderFull = null)
    {
        (_databases, _targetId, _timing, _dataFolderFull) = (databases, targetId, timing ?? new BlobClaimTiming(), dataFolderFull);
        // Per job, not per instance: a restarted instance must not mistake its dead job's claims for live ones.
        Owner = $"{instance}/{Guid.NewGuid():N}";
        _heartbeat = BeatAsync(_stop.Token);
    }

    public string Owner { get; }

    public Task<BlobClaim> ClaimAsync(Digest digest, string repository, CancellationToken cancellationToken) =>
        WritingAsync(() => ClaimOnceAsync(digest, repository, cancellationToken));

    private async Task<BlobClaim> ClaimOnceAsync(Digest digest, string repository, CancellationToken cancellationToken)
    {
        var key = digest.ToString();
        // Placed by an earlier job of this target: a placement is never taken back, so it is answered from one read.
        if ((await PlacedBeforeAsync(cancellationToken)).TryGetValue(key, out var placedBefore)) return BlobClaim.PlacedAt(placedBefore);
        await using var db = await _databases.CreateDbContextAsync(cancellationToken);
        var now = Now();
        var inserted = await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT OR IGNORE INTO BlobLocations (TargetId, Digest, Repository, ClaimedBy, ClaimedFor, ClaimHeartbeat) VALUES ({_targetId}, {key}, NULL, {Owner}, {repository}, {now})",
            cancellationToken);
        if (inserted == 1)
        {
            Interlocked.Increment(ref _held);
            return BlobClaim.Mine;
        }
        // The holder stopped beating (its process died): the conditional update lets one job take over, and the
        // repository the dead holder was uploading into is passed on, since the blob may already be there.
        var stale = now - (long)_timing.StaleAfter.TotalMilliseconds;
        var dead = await Row(db, key).AsNoTracking().Where(b => b.Repository == null && b.ClaimHeartbeat < stale)
            .Select(b => new { b.ClaimedBy, b.ClaimedFor }).FirstOrDefaultAsync(cancellationToken);
        if (dead is not null && await Row(db, key).Where(b => b.Repository == null && b.ClaimedBy == dead.ClaimedBy && b.ClaimHeartbeat < stale)
                .ExecuteUpdateAsync(u => u.SetProperty(b => b.ClaimedBy, Owner).SetProperty(b => b.ClaimedFor, repository)
                    .SetProperty(b => b.ClaimHeartbeat, now), cancellationToken) == 1)
        {
            Interlocked.Increment(ref _held);
            return BlobClaim.TakenOverFrom(dead.ClaimedFor);
        }
        var placed = await Row(db, key).Select(b => b.Repository).FirstOrDefaultAsync(cancellationToken);
        return placed is null ? BlobClaim.HeldElsewhere : BlobClaim.PlacedAt(placed);
    }

    private async Task<IReadOnlyDictionary<string, string>> PlacedBeforeAsync(CancellationToken cancellationToken)
    {
        if (_placedBefore is { } known) return known;
        await _loadGate.WaitAsync(cancellationToken);
        try
        {
            if (_placedBefore is null)
            {
                await using var db = await _databases.CreateDbContextAsync(cancellationToken);
                _placedBefore = await db.BlobLocations.AsNoTracking().Where(b => b.TargetId == _targetId && b.Repository != null)
                    .ToDictionaryAsync(b => b.Digest, b => b.Repository!, cancellationToken);
            }
            return _placedBefore;
        }
        finally
        {
            _loadGate.Release();
        }
    }

    public async Task<string?> WaitForPlacementAsync(Digest digest, CancellationToken cancellationToken)
    {
        var key = digest.ToString();
        var deadline = DateTime.UtcNow + _timing.MaxWait;
        while (true)
        {
            await using (var db = await _databases.CreateDbContextAsync(cancellationToken))
            {
                var row = await Row(db, key).AsNoTracking().FirstOrDefaultAsync(cancellationToken);
                if (row is null) return null; // released: claim again
                if (row.Repository is not null) return row.Repository;
                if (row.ClaimHeartbeat < Now() - (long)_timing.StaleAfter.TotalMilliseconds) return null;
            }
            if (DateTime.UtcNow >= deadline) return null;
            await Task.Delay(_timing.PollEvery, cancellationToken);
        }
    }

    public Task RecordAsync(Digest digest, string repository, CancellationToken cancellationToken) =>
        WritingAsync(async () =>
        {
            await RecordOnceAsync(digest, repository, cancellationToken);
            return true;
        });

    private async Task RecordOnceAsync(Digest digest, string repository, CancellationToken cancellationToken)
    {
        await using var db = await _databases.CreateDbContextAsync(cancellationToken);
        var key = digest.ToString();
        // Fills in a claim (ours, or one a waiting job holds: it then mounts from here); an earlier placement stays,
        // as either location serves a mount.
        var updated = await Row(db, key).Where(b => b.Repository == null).ExecuteUpdateAsync(u => u
            .SetProperty(b => b.Repository, repository).SetProperty(b => b.ClaimedBy, (string?)null).SetProperty(b => b.ClaimedFor, (string?)null)
            .SetProperty(b => b.ClaimHeartbeat, (long?)null),
            cancellationToken);
        if (updated == 0)
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"INSERT OR IGNORE INTO BlobLocations (TargetId, Digest, Repository) VALUES ({_targetId}, {key}, {repository})", cancellationToken);
    }

    public Task ReleaseAsync(Digest digest, CancellationToken cancellationToken) => WritingAsync(async () =>
    {
        await using var db = await _databases.CreateDbContextAsync(cancellationToken);
        return await Row(db, digest.ToString()).Where(b => b.Repository == null && b.ClaimedBy == Owner).ExecuteDeleteAsync(cancellationToken);
    });

    private async Task<T> WritingAsync<T>(Func<Task<T>> write)
    {
        try
        {
            return await write();
        }
        catch (Exception ex) when (DataFolderSpace.IsFull(ex))
        {
            _dataFolderFull?.Invoke();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _heartbeat;
        }
        catch (OperationCanceledException) { }
        // Claims still open belong to uploads that never finished; let other jobs have them now rather than when stale.
        try
        {
            await using var db = await _databases.CreateDbContextAsync();
            await db.BlobLocations.Where(b => b.TargetId == _targetId && b.Repository == null && b.ClaimedBy == Owner).ExecuteDeleteAsync();
        }
        catch (Exception ex) when (DataFolderSpace.IsFull(ex))
        {
            // With no room even to delete, they go stale instead: nobody beats for them any more.
        }
        _stop.Dispose();
        _loadGate.Dispose();
    }

    private async Task BeatAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_timing.HeartbeatEvery);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            if (Volatile.Read(ref _held) == 0) continue;
            try
            {
                await using var db = await _databases.CreateDbContextAsync(cancellationToken);
                var now = Now();
                await db.BlobLocations.Where(b => b.TargetId == _targetId && b.Repository == null && b.ClaimedBy == Owner)
                    .ExecuteUpdateAsync(u => u.SetProperty(b => b.ClaimHeartbeat, now), cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A missed beat is survivable (a claim goes stale only after several); the next tick tries again.
            }
        }
    }

    /// <summary>
    /// At start, claims this instance held before it stopped are dead: its jobs died with it. They are made stale at
    /// once, so the resumed jobs take them over (mounting from where the dead upload went) instead of waiting.
    /// </summary>
    public static Task<int> ExpireClaimsOfAsync(DashboardDbContext db, string instance, CancellationToken cancellationToken) =>
        db.BlobLocations.Where(b => b.Repository == null && b.ClaimedBy != null && b.ClaimedBy.StartsWith(instance + "/"))
            .ExecuteUpdateAsync(u => u.SetProperty(b => b.ClaimHeartbeat, 0L), cancellationToken);

    private IQueryable<BlobLocationEntity> Row(DashboardDbContext db, string digest) =>
        db.BlobLocations.Where(b => b.TargetId == _targetId && b.Digest == digest);

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}
