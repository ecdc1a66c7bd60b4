using Migration.Engine.Oci;

namespace Migration.Engine.Copy;

/// <summary>What one blob needs in one target repository: upload it here, mount it from <see cref="From"/>, or nothing.</summary>
public sealed record BlobStep(BlobAction Action, string? From = null);

public enum ItemState { ToCopy, AlreadyPresent, CannotCopy }

/// <summary>
/// Decided before any transfer: which images are already on the target, and for every blob each target
/// repository needs, whether it is uploaded (once per run), mounted from a repository that has or will have
/// it, or skipped because the target holds it.
/// </summary>
public sealed class MigrationPlan
{
    public required IReadOnlyList<MigrationItem> Items { get; init; }

    /// <summary>Aligned with <see cref="Items"/>.</summary>
    public required IReadOnlyList<ItemState> States { get; init; }

    public required IReadOnlyDictionary<(string Repository, Digest Digest), BlobStep> Steps { get; init; }

    /// <summary>The repository each uploaded blob goes to first; every other one mounts from there.</summary>
    public required IReadOnlyDictionary<Digest, string> UploadTargets { get; init; }

    public required IReadOnlyDictionary<Digest, long> BlobSizes { get; init; }

    public int ImagesToCopy => States.Count(s => s == ItemState.ToCopy);
    public int ImagesAlreadyPresent => States.Count(s => s == ItemState.AlreadyPresent);
    public int ImagesThatCannotCopy => States.Count(s => s == ItemState.CannotCopy);
    public int BlobsToUpload => UploadTargets.Count;
    public int BlobsToMount => Steps.Values.Count(s => s.Action == BlobAction.Mount);
    public int BlobsToSkip => Steps.Values.Count(s => s.Action == BlobAction.Skip);
    public long BytesToUpload => UploadTargets.Keys.Sum(d => BlobSizes[d]);

    public BlobStep StepFor(string repository, Digest digest) =>
        Steps.TryGetValue((repository, digest), out var step) ? step : new BlobStep(BlobAction.Skip);
}
