namespace Web.Data;

/// <summary>One distinct blob of a scan.</summary>
public sealed class ScanBlobEntity
{
    public int ScanId { get; set; }
    public required string Digest { get; set; }
    public long Size { get; set; }
    public int Repositories { get; set; }
}
