using System.Collections.Concurrent;
using Migration.Engine.Oci;

namespace Migration.Engine.Copy;

/// <summary>
/// The one answer to "who sends this blob, and is it somewhere already?". Inside a run, the first image to need a
/// blob speaks for the run (a once-per-digest guard); the others wait for its placement and mount from there. Across
/// runs (per-repository jobs on several workers), the claim decides. A turn that ends without <see cref="Placed"/>
/// frees both, so the next image, or another run, tries again.
/// </summary>
internal sealed class BlobTurn : IAsyncDisposable
{
    // Each round is a claim and a bounded wait; a claim that outlives them all is not waited on any longer.
    private const int MaxClaimRounds = 3;

    private readonly Digest _digest;
    private readonly ConcurrentDictionary<Digest, TaskCompletionSource<string?>> _firstPlacements;
    private readonly TaskCompletionSource<string?>? _guard;
    private readonly IBlobPlacementCoordinator? _claimHeldWith;
    private readonly string _repository;
    private bool _placed;

    private BlobTurn(BlobRequest request, ConcurrentDictionary<Digest, TaskCompletionSource<string?>> firstPlacements,
        TaskCompletionSource<string?>? guard, IBlobPlacementCoordinator? claimHeldWith, string? mountFrom)
    {
        (_digest, _repository, _firstPlacements, _guard, _claimHeldWith, MountFrom) =
            (request.Blob.Digest, request.TargetRepository, firstPlacements, guard, claimHeldWith, mountFrom);
    }

    /// <summary>Where the blob already is (or may be, after a dead run's upload); null when this turn sends it.</summary>
    public string? MountFrom { get; }

    public static async Task<BlobTurn> TakeAsync(BlobRequest request, ConcurrentDictionary<Digest, TaskCompletionSource<string?>> firstPlacements,
        IBlobPlacementCoordinator placements, CancellationToken cancellationToken)
    {
        while (true)
        {
            var mine = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
            var first = firstPlacements.GetOrAdd(request.Blob.Digest, mine);
            if (first != mine)
            {
                // Another image of this run has it in hand; a null answer means it failed, so have a go ourselves.
                if (await first.Task.WaitAsync(cancellationToken) is { } placedAt)
                    return new BlobTurn(request, firstPlacements, null, null, placedAt);
                continue;
            }
            try
            {
                return await ClaimAsync(request, firstPlacements, mine, placements, cancellationToken);
            }
            catch
            {
                Free(request.Blob.Digest, firstPlacements, mine);
                throw;
            }
        }
    }

    private static async Task<BlobTurn> ClaimAsync(BlobRequest request, ConcurrentDictionary<Digest, TaskCompletionSource<string?>> firstPlacements,
        TaskCompletionSource<string?> guard, IBlobPlacementCoordinator placements, CancellationToken cancellationToken)
    {
        for (var round = 0; round < MaxClaimRounds; round++)
        {
            var claim = await placements.ClaimAsync(request.Blob.Digest, request.TargetRepository, cancellationToken);
            // Taken over from a run that died while uploading into `earlier`: it may have committed the blob just before
            // it died, so mount from there first.
            if (claim.Won)
                return new BlobTurn(request, firstPlacements, guard, placements,
                    claim.UnfinishedUploadIn is { } earlier && earlier != request.TargetRepository ? earlier : null);
            var placedAt = claim.Location ?? await placements.WaitForPlacementAsync(request.Blob.Digest, cancellationToken);
            if (placedAt is not null) return new BlobTurn(request, firstPlacements, guard, null, placedAt);
        }
        // Held by a run that neither finishes nor goes quiet: send the blob rather than wait for ever.
        return new BlobTurn(request, firstPlacements, guard, null, null);
    }

    /// <summary>The blob is now in the repository: images waiting in this run mount from there.</summary>
    public void Placed()
    {
        _placed = true;
        _guard?.TrySetResult(_repository);
    }

    public async ValueTask DisposeAsync()
    {
        if (_placed) return;
        if (_claimHeldWith is not null) await _claimHeldWith.ReleaseAsync(_digest, CancellationToken.None);
        if (_guard is not null) Free(_digest, _firstPlacements, _guard);
    }

    private static void Free(Digest digest, ConcurrentDictionary<Digest, TaskCompletionSource<string?>> firstPlacements, TaskCompletionSource<string?> guard)
    {
        firstPlacements.TryRemove(KeyValuePair.Create(digest, guard));
        guard.TrySetResult(null);
    }
}
