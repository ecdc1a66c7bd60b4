using System.Collections.Concurrent;
using Migration.Engine.Oci;
using Migration.Engine.Plan;

namespace Migration.Engine.Copy;

/// <summary>
/// The coordinator for runs inside one process: the default of <see cref="MigrationRunner"/>, where it only backs up
/// the copier's own guard, and shared by several runners to keep them from sending the same blob twice.
/// A claim here cannot go stale: a holder that fails releases it.
/// </summary>
public sealed class InProcessBlobPlacements : IBlobPlacementCoordinator
{
    private readonly ConcurrentDictionary<Digest, TaskCompletionSource<string?>> _blobs = new();

    public Task<BlobClaim> ClaimAsync(Digest digest, string repository, CancellationToken cancellationToken)
    {
        var mine = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = _blobs.GetOrAdd(digest, mine);
        if (held == mine) return Task.FromResult(BlobClaim.Mine);
        return Task.FromResult(held.Task is { IsCompletedSuccessfully: true, Result: { } at } ? BlobClaim.PlacedAt(at) : BlobClaim.HeldElsewhere);
    }

    public async Task<string?> WaitForPlacementAsync(Digest digest, CancellationToken cancellationToken) =>
        _blobs.TryGetValue(digest, out var held) ? await held.Task.WaitAsync(cancellationToken) : null;

    public Task RecordAsync(Digest digest, string repository, CancellationToken cancellationToken)
    {
        var placed = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        placed.SetResult(repository);
        var held = _blobs.GetOrAdd(digest, placed);
        // An earlier placement stays: either location serves a mount.
        held.TrySetResult(repository);
        return Task.CompletedTask;
    }

    public Task ReleaseAsync(Digest digest, CancellationToken cancellationToken)
    {
        if (_blobs.TryGetValue(digest, out var held) && !held.Task.IsCompleted && _blobs.TryRemove(KeyValuePair.Create(digest, held)))
            held.TrySetResult(null);
        return Task.CompletedTask;
    }
}
