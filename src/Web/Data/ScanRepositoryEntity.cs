namespace Web.Data;

/// <summary>One repository of a scan, with its counts for group headers and the projects page.</summary>
public sealed class ScanRepositoryEntity
{
    public long Id { get; set; }
    public int ScanId { get; set; }
    public required string Name { get; set; }
    public int Tags { get; set; }
    public int Untagged { get; set; }
    public long Size { get; set; }
    public int Problems { get; set; }
}
