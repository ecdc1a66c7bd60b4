using System.Text.Json;
using Migration.Engine;
using Web.Data;

namespace Web.Features.Plans;

/// <summary>A plan as the API and pages show it: its schedule in words with the next times.</summary>
public sealed record PlanView(int Id, string Name, string SourceName, string TargetName, bool MirrorDeletions, string? SourceReferenceHost,
    string? Schedule, string? ScheduleText, IReadOnlyList<DateTimeOffset> NextRuns, string? ScheduleNote, DateTimeOffset CreatedAt,
    DateTimeOffset? CutoverAt, string? CutoverBy, int? CutoverRunId, string? CutoverRecordSha256)
{
    /// <summary>The engine's JSON (camelCase, enums as words) for records and deltas.</summary>
    public static readonly JsonSerializerOptions Json = EngineJson.Options;

    public static PlanView From(SyncPlanEntity p) => new(p.Id, p.Name, p.SourceName, p.TargetName, p.MirrorDeletions, p.SourceReferenceHost,
        p.Schedule, p.Schedule is { } cron ? CronText.Describe(cron) : null, p.Schedule is { } c ? CronText.Next(c, DateTimeOffset.UtcNow, 3) : [],
        p.ScheduleNote, p.CreatedAt, p.CutoverAt, p.CutoverBy, p.CutoverMigrationId, p.CutoverRecordSha256);
}

/// <summary>One run of a plan: its delta, bytes and duration.</summary>
public sealed record RunView(int Id, JobStatus Status, string? StartedBy, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt, double? DurationSeconds,
    long BytesDone, int ImagesTotal, int ImagesFailed, bool? Verified, bool ConfirmDeletions, Migration.Engine.Run.SyncDelta? Delta)
{
    public static RunView From(MigrationEntity m) => new(m.Id, m.Status, m.StartedBy, m.CreatedAt, m.FinishedAt,
        m.FinishedAt is { } end ? (end - m.CreatedAt).TotalSeconds : null, m.BytesDone, m.ImagesTotal, m.ImagesFailed, m.Verified, m.ConfirmDeletions,
        PlanRuns.ReadDelta(m.DeltaJson));
}
