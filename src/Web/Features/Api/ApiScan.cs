using Web.Data;

namespace Web.Features.Api;

/// <summary>A scan as the API returns it; the inventory itself is at <c>/api/scans/{id}/inventory</c>.</summary>
public sealed record ApiScan(int Id, int ConnectionId, string SourceName, JobStatus Status, bool Deep, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt,
    int Repositories, int Tags, int Untagged, int Problems, long UniqueBytes, long ReferencedBytes, string? Error)
{
    public static ApiScan From(ScanEntity s) => new(s.Id, s.ConnectionId, s.SourceName, s.Status, s.Deep, s.CreatedAt, s.FinishedAt, s.Repositories, s.Tags,
        s.Untagged, s.Problems, s.UniqueBytes, s.ReferencedBytes, s.Error);
}
