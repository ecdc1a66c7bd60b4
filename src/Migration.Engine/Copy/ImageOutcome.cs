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
    /// <summary>The size of all the image's blobs (config and layers), however each was placed: what copying this image
    /// on its own, with no mounts and no layers shared with other images, would send. Set for a copied image only; 0 in
    /// reports written before it was recorded.</summary>
    public long BlobBytes { get; init; }
    public int BlobsUploaded { get; init; }
    public int BlobsMounted { get; init; }
    public int BlobsSkipped { get; init; }
}
