using Migration.Engine.Copy;
using Migration.Engine.Plan;
using Migration.Engine.Verify;

namespace Migration.Engine.Run;

/// <summary>The outcome of a run: every image, the blob counts, and the verification. The one report type: the CLI
/// writes it with <c>--report</c>, the dashboard stores one per repository job and combines them for the migration,
/// and the API, the exports and the pages read it.</summary>
public sealed record MigrationReport
{
    public int SchemaVersion { get; init; } = 1;
    public required string Source { get; init; }
    public required string Target { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required DateTimeOffset FinishedAt { get; init; }
    public double DurationSeconds => (FinishedAt - StartedAt).TotalSeconds;
    public bool DryRun { get; init; }
    public required PlanSummary Plan { get; init; }
    public required MigrationTotals Totals { get; init; }
    public required IReadOnlyList<ImageOutcome> Images { get; init; }
    /// <summary>Failures that belong to no single image: a repository that could not be read, a verification that could
    /// not run.</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];
    public VerificationReport? Verification { get; init; }
    /// <summary>For a sync (a run compared with the previous run's report): what changed on the source since.</summary>
    public SyncDelta? Delta { get; init; }
    /// <summary>Tags deleted on the source that this run was asked, and confirmed, to delete on the target.</summary>
    public IReadOnlyList<TagDeletion> Deletions { get; init; } = [];
    public bool Succeeded => Totals.ImagesFailed == 0 && Errors.Count == 0 && (Verification?.Passed ?? true) && Deletions.All(d => d.Deleted);

    /// <summary>Every failure a person should read: images, then other errors, then verification problems.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IEnumerable<string> Failures => Images.Select(i => i.Error).OfType<string>().Concat(Errors)
        .Concat(Verification?.Problems.Select(p => p.Detail).OfType<string>() ?? []).Concat(Deletions.Select(d => d.Error).OfType<string>());

    /// <summary>A report for nothing copied: a part of a migration that failed before it could start.</summary>
    public static MigrationReport Failed(string source, string target, DateTimeOffset startedAt, string error) => new()
    {
        Source = source, Target = target, StartedAt = startedAt, FinishedAt = DateTimeOffset.UtcNow,
        Plan = PlanSummary.Empty, Totals = MigrationTotals.Empty, Images = [], Errors = [error],
    };

    /// <summary>One report for a migration run in parts (one per repository): plans, totals, images and errors added up.</summary>
    public static MigrationReport Combine(string source, string target, DateTimeOffset startedAt, DateTimeOffset finishedAt,
        IReadOnlyList<MigrationReport> parts, VerificationReport? verification, IEnumerable<string> errors) => new()
    {
        Source = source, Target = target, StartedAt = startedAt, FinishedAt = finishedAt,
        Plan = parts.Select(p => p.Plan).Aggregate(PlanSummary.Empty, (a, b) => a + b),
        Totals = parts.Select(p => p.Totals).Aggregate(MigrationTotals.Empty, (a, b) => a + b),
        Images = parts.SelectMany(p => p.Images).ToList(),
        Errors = parts.SelectMany(p => p.Errors).Concat(errors).ToList(),
        Verification = verification,
    };
}

public sealed record PlanSummary(int ImagesToCopy, int ImagesAlreadyPresent, int ImagesThatCannotCopy,
    int BlobsToUpload, int BlobsToMount, int BlobsToSkip, long BytesToUpload)
{
    public static readonly PlanSummary Empty = new(0, 0, 0, 0, 0, 0, 0);

    public static PlanSummary From(MigrationPlan plan) => new(plan.ImagesToCopy, plan.ImagesAlreadyPresent, plan.ImagesThatCannotCopy,
        plan.BlobsToUpload, plan.BlobsToMount, plan.BlobsToSkip, plan.BytesToUpload);

    public static PlanSummary operator +(PlanSummary a, PlanSummary b) => new(a.ImagesToCopy + b.ImagesToCopy,
        a.ImagesAlreadyPresent + b.ImagesAlreadyPresent, a.ImagesThatCannotCopy + b.ImagesThatCannotCopy, a.BlobsToUpload + b.BlobsToUpload,
        a.BlobsToMount + b.BlobsToMount, a.BlobsToSkip + b.BlobsToSkip, a.BytesToUpload + b.BytesToUpload);
}

public sealed record MigrationTotals(int Images, int ImagesCopied, int ImagesAlreadyPresent, int ImagesFailed,
    long BytesUploaded, int BlobsUploaded, int BlobsMounted, int BlobsSkipped)
{
    public static readonly MigrationTotals Empty = new(0, 0, 0, 0, 0, 0, 0, 0);

    public static MigrationTotals operator +(MigrationTotals a, MigrationTotals b) => new(a.Images + b.Images, a.ImagesCopied + b.ImagesCopied,
        a.ImagesAlreadyPresent + b.ImagesAlreadyPresent, a.ImagesFailed + b.ImagesFailed, a.BytesUploaded + b.BytesUploaded,
        a.BlobsUploaded + b.BlobsUploaded, a.BlobsMounted + b.BlobsMounted, a.BlobsSkipped + b.BlobsSkipped);
}
