namespace Web.Data;

/// <summary>One scan of a source. Scans are kept, so an earlier inventory can be opened again.</summary>
public sealed class ScanEntity
{
    public int Id { get; set; }
    public int ConnectionId { get; set; }
    public required string SourceName { get; set; }
    public JobStatus Status { get; set; }
    public bool Deep { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public int RepositoriesDone { get; set; }
    public int RepositoriesTotal { get; set; }
    public int Repositories { get; set; }
    public int Tags { get; set; }
    public int Untagged { get; set; }
    public int Problems { get; set; }
    public long UniqueBytes { get; set; }
    public long ReferencedBytes { get; set; }
    public int Manifests { get; set; }
    public int UniqueBlobs { get; set; }
    public bool UntaggedListed { get; set; }
    /// <summary>What the source called itself when scanned (a path or a URL, never a password).</summary>
    public string? SourceDescription { get; set; }
    public string? Error { get; set; }
}
