using Migration.Engine.Oci;

namespace Migration.Engine.Plan;

public enum ItemState { ToCopy, AlreadyPresent, CannotCopy }

/// <summary>
/// Decided before any transfer: which images are already on the target, and for every blob each target repository
/// needs, whether the target already holds it there. Who sends a blob is not decided here but when it is copied, by
/// the claim (other runs may have placed it since); the plan only estimates what will cross the network.
/// </summary>
public sealed class MigrationPlan
{
    public required IReadOnlyList<MigrationItem> Items { get; init; }

    /// <summary>Aligned with <see cref="Items"/>.</summary>
    public required IReadOnlyList<ItemState> States { get; init; }

    /// <summary>Every (target repository, blob) the images to copy need.</summary>
    public required IReadOnlySet<(string Repository, Digest Digest)> Needed { get; init; }

    /// <summary>The part of <see cref="Needed"/> the target already holds: nothing to do.</summary>
    public required IReadOnlySet<(string Repository, Digest Digest)> Present { get; init; }

    /// <summary>The estimate of what crosses the network: needed blobs no target repository holds, each sent once.</summary>
    public required IReadOnlySet<Digest> ToUpload { get; init; }

    public required IReadOnlyDictionary<Digest, long> BlobSizes { get; init; }

    public int ImagesToCopy => States.Count(s => s == ItemState.ToCopy);
    public int ImagesAlreadyPresent => States.Count(s => s == ItemState.AlreadyPresent);
    public int ImagesThatCannotCopy => States.Count(s => s == ItemState.CannotCopy);
    public int BlobsToUpload => ToUpload.Count;
    /// <summary>Every other placement is a mount from where the blob is or will be.</summary>
    public int BlobsToMount => Needed.Count - Present.Count - ToUpload.Count;
    public int BlobsToSkip => Present.Count;
    public long BytesToUpload => ToUpload.Sum(d => BlobSizes[d]);

    public bool IsPresent(string repository, Digest digest) => Present.Contains((repository, digest));

    /// <summary>A target repository the plan found holding the blob (left by an earlier run, or pushed before), or null.</summary>
    public string? PresentIn(Digest digest) =>
        // Built on first use; two threads building it at once build the same thing.
        (_presentIn ??= Present.GroupBy(p => p.Digest).ToDictionary(g => g.Key, g => g.Select(p => p.Repository).Min(StringComparer.Ordinal)!))
        .GetValueOrDefault(digest);

    private IReadOnlyDictionary<Digest, string>? _presentIn;

    /// <summary>Bytes the image would send if it were the first to need its blobs; to start the biggest first.</summary>
    public long UploadEstimate(int item) => States[item] != ItemState.ToCopy ? -1
        : Items[item].Image.BlobDescriptors.Where(b => ToUpload.Contains(b.Digest)).Sum(b => b.Size);
}
