namespace Web.Data;

/// <summary>
/// A migration that runs again: the wizard's choices kept, so a team can copy the bulk, sync the changes while the old
/// registry is still in use, then freeze it and cut over. Each run is a <see cref="MigrationEntity"/> with this plan's
/// id; every run after the first is a sync, measured against the run before it.
/// </summary>
public sealed class SyncPlanEntity
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public int SourceId { get; set; }
    public int TargetId { get; set; }
    public required string SourceName { get; set; }
    public required string TargetName { get; set; }
    /// <summary>The <see cref="Web.Features.Migrations.MigrationRequest"/> every run starts from, as JSON.</summary>
    public required string OptionsJson { get; set; }
    /// <summary>Tags deleted on the source are deleted on the target too, in a run whose list a person confirmed.</summary>
    public bool MirrorDeletions { get; set; }
    /// <summary>How clients name the old registry (<c>registry.example.com:5000</c>), for the cutover record's old
    /// references; null: the source connection's host.</summary>
    public string? SourceReferenceHost { get; set; }
    /// <summary>A cron expression (UTC) for scheduled syncs; null: runs start by hand only.</summary>
    public string? Schedule { get; set; }
    /// <summary>What the schedule last did when it could not start a run ("skipped at …: run 12 still going").</summary>
    public string? ScheduleNote { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? CutoverAt { get; set; }
    public string? CutoverBy { get; set; }
    /// <summary>The final run: the record lists what it left on the target.</summary>
    public int? CutoverMigrationId { get; set; }
    public string? CutoverRecordSha256 { get; set; }
}
