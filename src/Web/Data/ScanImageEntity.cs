namespace Web.Data;

// A scan's inventory in rows (ScanRepositories, ScanImages, ScanBlobs, ScanProblems): pages, exports and the API ask
// for one page or one stream of them at a time, so a registry of a million tags never has to fit in the app's memory
// (issue 11). The scan job writes them in batches (Features/Inventory/InventoryRowWriter). No foreign keys: pruning a
// scan deletes its rows by ScanId first.

/// <summary>
/// One tag or untagged manifest. <see cref="Position"/> is the inventory's reading order: repositories by name, and
/// in each, signatures, attestations and SBOMs right under the image they describe (<see cref="Depth"/> deep).
/// </summary>
public sealed class ScanImageEntity
{
    public long Id { get; set; }
    public int ScanId { get; set; }
    public int Position { get; set; }
    public required string Repository { get; set; }
    /// <summary>Null for an untagged manifest.</summary>
    public string? Tag { get; set; }
    public int Depth { get; set; }
    public required string Digest { get; set; }
    public required string MediaType { get; set; }
    public required string Kind { get; set; }
    /// <summary>"signature of 0123456789ab" for a referrer shown under its image; null when it is just <see cref="Kind"/>.</summary>
    public string? Role { get; set; }
    /// <summary>Comma-separated, as shown.</summary>
    public required string Platforms { get; set; }
    public long Size { get; set; }
    public DateTimeOffset? PushedAt { get; set; }
    /// <summary>Comma-separated problem codes; empty when the image can be copied.</summary>
    public required string Problems { get; set; }
    /// <summary>What describes this image: "signature ✓, sbom ✓".</summary>
    public required string Attached { get; set; }
    public string? Subject { get; set; }
    public string? ArtifactType { get; set; }
    public string? ConvertedFrom { get; set; }
}
