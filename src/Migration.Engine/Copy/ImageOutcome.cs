using Migration.Engine.Plan;

namespace Migration.Engine.Copy;

public enum ImageStatus { Copied, AlreadyPresent, Failed }

/// <summary>The result for one image, as the report lists it.</summary>
public sealed record ImageOutcome(
    string SourceRepository,
    string Reference,
    string TargetRepository,
    string Digest,
    ImageStatus Status,
    string? Error = null)
{
    /// <summary>The source's schema1 digest when the image was converted; <see cref="Digest"/> is what the target holds.</summary>
    public string? ConvertedFrom { get; init; }
    public long BytesUploaded { get; init; }
    public int BlobsUploaded { get; init; }
    public int BlobsMounted { get; init; }
    public int BlobsSkipped { get; init; }
}
