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
    /// <summary>The plan this run belongs to; null for a one-off migration.</summary>
    public int? PlanId { get; set; }
    /// <summary>Who started it: the signed-in user, an API token's name, or "schedule".</summary>
    public string? StartedBy { get; set; }
    /// <summary>A person saw the list of tags deleted on the source and confirmed deleting them on the target.</summary>
    public bool ConfirmDeletions { get; set; }
    /// <summary>For a sync: the <see cref="Migration.Engine.Run.SyncDelta"/> since the plan's previous run, written when
    /// the run has read the source (before anything is copied).</summary>
    public string? DeltaJson { get; set; }
}
