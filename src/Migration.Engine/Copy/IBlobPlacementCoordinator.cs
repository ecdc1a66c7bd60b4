using Migration.Engine.Oci;
using Migration.Engine.Plan;

namespace Migration.Engine.Copy;

/// <summary>
/// Decides, across everything copying into one target, who uploads a blob. The copier's once-per-digest guard covers
/// one run; several runs at once (per-repository jobs on several workers or app instances) also need this, or two of
/// them send the same shared layer. Before uploading, a run claims the blob; only one claim wins. The others wait for
/// the winner's placement and mount from there. The engine ships <see cref="InProcessBlobPlacements"/>; a host that
/// spreads runs over processes implements this over a shared database.
/// </summary>
public interface IBlobPlacementCoordinator
{
    /// <summary>Tries to become the one run that uploads <paramref name="digest"/>, into <paramref name="repository"/>.
    /// A claim that stopped showing signs of life (its holder died) may be taken over.</summary>
    Task<BlobClaim> ClaimAsync(Digest digest, string repository, CancellationToken cancellationToken);

    /// <summary>Waits, for a bounded time, until the blob is placed by whoever holds the claim. Null when the claim
    /// was released or went stale, or the wait ran out: the caller then claims again.</summary>
    Task<string?> WaitForPlacementAsync(Digest digest, CancellationToken cancellationToken);

    /// <summary>The blob is now in <paramref name="repository"/> on the target (uploaded, or found there): others
    /// mount it from there. Ends this run's claim on it, if it had one.</summary>
    Task RecordAsync(Digest digest, string repository, CancellationToken cancellationToken);

    /// <summary>The upload this run claimed failed: let another run try.</summary>
    Task ReleaseAsync(Digest digest, CancellationToken cancellationToken);
}
