namespace Web.Data;

/// <summary>One problem a scan found.</summary>
public sealed class ScanProblemEntity
{
    public long Id { get; set; }
    public int ScanId { get; set; }
    public required string Code { get; set; }
    public string? Repository { get; set; }
    public string? Reference { get; set; }
    public required string Message { get; set; }
}
