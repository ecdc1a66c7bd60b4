using System.Text.Json.Serialization;
using Migration.Engine.Oci;

namespace Migration.Engine.Inventory;

/// <summary>One tag, or one untagged manifest (then <see cref="Tag"/> is null).</summary>
public sealed record InventoryImage
{
    public string? Tag { get; init; }
    public required string Digest { get; init; }
    public required string MediaType { get; init; }
    /// <summary>image, index, oci, artifact, schema1 or unknown.</summary>
    public required string Kind { get; init; }
    public IReadOnlyList<string> Platforms { get; init; } = [];
    /// <summary>Manifest, config and layers; for an index, itself plus every child.</summary>
    public long Size { get; init; }
    public DateTimeOffset? PushedAt { get; init; }
    /// <summary>Codes of the problems that stop this image from being copied (details in the problems list).</summary>
    public IReadOnlyList<string> ProblemCodes { get; init; } = [];

    /// <summary>The image this manifest describes (OCI 1.1 <c>subject</c>): a signature, attestation or SBOM.</summary>
    public string? Subject { get; init; }

    /// <summary>What an OCI artifact is (<c>artifactType</c>, or its config's media type), e.g. <c>application/spdx+json</c>.</summary>
    public string? ArtifactType { get; init; }

    /// <summary>For an image converted from schema1: the schema1 manifest's digest (<see cref="Digest"/> is the new one).</summary>
    public string? ConvertedFrom { get; init; }

    /// <summary>The manifests to push, children before the index; empty when the root could not be read.</summary>
    [JsonIgnore] public IReadOnlyList<ManifestDocument> Manifests { get; init; } = [];

    /// <summary>Every distinct blob the image needs, over all its manifests.</summary>
    [JsonIgnore] public IReadOnlyList<Descriptor> BlobDescriptors { get; init; } = [];

    [JsonIgnore] public ManifestDocument? Root => Manifests.Count > 0 ? Manifests[^1] : null;

    [JsonIgnore] public bool IsCopyable => ProblemCodes.Count == 0 && Manifests.Count > 0;
}
