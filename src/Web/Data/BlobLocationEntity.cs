namespace Web.Data;

/// <summary>Where a blob already is on a target: later repository jobs mount it from there instead of uploading it
/// again, so a migration split across jobs still sends each unique blob once.</summary>
public sealed class BlobLocationEntity
{
    public int TargetId { get; set; }
    public required string Digest { get; set; }
    public required string Repository { get; set; }
}
