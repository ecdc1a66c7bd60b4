namespace Web.Data;

/// <summary>One migration: what was asked, where it stands, and its report. Counters are written as the job runs, so a
/// reloaded page or a restarted app shows the truth.</summary>
public sealed class MigrationEntity
{
    public int Id { get; set; }
    public int SourceId { get; set; }
    public int TargetId { get; set; }
    public required string SourceName { get; set; }
    public required string TargetName { get; set; }
    public required string OptionsJson { get; set; }
    public JobStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public int ImagesTotal { get; set; }
    public int ImagesDone { get; set; }
    public int ImagesFailed { get; set; }
    public long BytesTotal { get; set; }
    public long BytesDone { get; set; }
    /// <summary>The bandwidth cap now, bytes a second for the whole migration (all its workers together); null: none.
    /// Starts as the request's and is changed while it runs (<c>PATCH /api/migrations/{id}</c>, the job page).</summary>
    public long? MaxBytesPerSecond { get; set; }
    public bool? Verified { get; set; }
    public string? Error { get; set; }
    public string? ReportJson { get; set; }
}
