using Web.Data;

namespace Web.Features.Api;

/// <summary>One page of a scan's inventory: <c>GET /api/scans/{id}/inventory?page=0&amp;pageSize=100[&amp;search=]</c>.</summary>
public sealed record ApiInventoryPage(int Page, int PageSize, int Total, IReadOnlyList<ApiInventoryRow> Rows);

/// <summary>A tag (or an untagged manifest, tag null) in the inventory's reading order; <c>depth</c> &gt; 0 for a
/// signature, attestation or SBOM listed under the image it describes.</summary>
public sealed record ApiInventoryRow(string Repository, string? Tag, string Digest, string MediaType, string Kind, int Depth, IReadOnlyList<string> Platforms,
    long Size, DateTimeOffset? PushedAt, IReadOnlyList<string> ProblemCodes, string? Subject, string? ArtifactType)
{
    public static ApiInventoryRow From(ScanImageEntity i) => new(i.Repository, i.Tag, i.Digest, i.MediaType, i.Kind, i.Depth,
        i.Platforms.Split(", ", StringSplitOptions.RemoveEmptyEntries), i.Size, i.PushedAt, i.Problems.Split(", ", StringSplitOptions.RemoveEmptyEntries),
        i.Subject, i.ArtifactType);
}
