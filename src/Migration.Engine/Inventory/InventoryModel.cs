using System.Text.Json.Serialization;
using Migration.Engine.Oci;

namespace Migration.Engine.Inventory;

// The inventory's stable JSON form is documented in docs/inventory-json.md. Add fields; never rename or remove them
// without raising SchemaVersion.

/// <summary>Everything a source holds, and what is wrong with it.</summary>
public sealed record SourceInventory
{
    public int SchemaVersion { get; init; } = 1;
    public required string Source { get; init; }
    public required DateTimeOffset ScannedAt { get; init; }
    public bool Deep { get; init; }
    public bool UntaggedListed { get; init; }
    public required InventoryTotals Totals { get; init; }
    public required IReadOnlyList<InventoryRepository> Repositories { get; init; }
    public required IReadOnlyList<InventoryBlob> Blobs { get; init; }
    public required IReadOnlyList<InventoryProblem> Problems { get; init; }
}

public sealed record InventoryTotals(
    int Repositories, int Tags, int Untagged, int Manifests, int UniqueBlobs, long ReferencedBytes, long UniqueBytes, int Problems)
{
    /// <summary>What copying each blob once saves over copying every image on its own.</summary>
    public long SharedBytesSaved => ReferencedBytes - UniqueBytes;
}

public sealed record InventoryRepository(string Name, IReadOnlyList<InventoryImage> Tags, IReadOnlyList<InventoryImage> Untagged);

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

    /// <summary>The manifests to push, children before the index; empty when the root could not be read.</summary>
    [JsonIgnore] public IReadOnlyList<ManifestDocument> Manifests { get; init; } = [];

    /// <summary>Every distinct blob the image needs, over all its manifests.</summary>
    [JsonIgnore] public IReadOnlyList<Descriptor> BlobDescriptors { get; init; } = [];

    [JsonIgnore] public ManifestDocument? Root => Manifests.Count > 0 ? Manifests[^1] : null;

    [JsonIgnore] public bool IsCopyable => ProblemCodes.Count == 0 && Manifests.Count > 0;
}

public sealed record InventoryBlob(string Digest, long Size, int Repositories);

/// <summary>A problem, tied to the repository and tag or digest it was found in when there is one.</summary>
public sealed record InventoryProblem(string Code, string? Repository, string? Reference, string Message);

/// <summary>The codes an <see cref="InventoryProblem"/> can carry.</summary>
public static class ProblemCodes
{
    public const string MissingBlob = "missing-blob";
    public const string CorruptBlob = "corrupt-blob";
    public const string BrokenLink = "broken-link";
    public const string MalformedManifest = "malformed-manifest";
    public const string MissingManifest = "missing-manifest";
    public const string Schema1 = "schema1";
    public const string UnknownMediaType = "unknown-media-type";
    public const string InvalidName = "invalid-name";
    public const string Unreadable = "unreadable";
    public const string SourceWarning = "source-warning";
}
