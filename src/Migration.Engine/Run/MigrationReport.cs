using Migration.Engine.Verify;

using Migration.Engine.Copy;
using Migration.Engine.Plan;

namespace Migration.Engine.Run;

/// <summary>The outcome of a run: every image, the blob counts, and the verification. Written by --report as JSON.</summary>
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
    public VerificationReport? Verification { get; init; }
    public bool Succeeded => Totals.ImagesFailed == 0 && (Verification?.Passed ?? true);
}

public sealed record PlanSummary(int ImagesToCopy, int ImagesAlreadyPresent, int ImagesThatCannotCopy,
    int BlobsToUpload, int BlobsToMount, int BlobsToSkip, long BytesToUpload)
{
    public static PlanSummary From(MigrationPlan plan) => new(plan.ImagesToCopy, plan.ImagesAlreadyPresent, plan.ImagesThatCannotCopy,
        plan.BlobsToUpload, plan.BlobsToMount, plan.BlobsToSkip, plan.BytesToUpload);
}

public sealed record MigrationTotals(int Images, int ImagesCopied, int ImagesAlreadyPresent, int ImagesFailed,
    long BytesUploaded, int BlobsUploaded, int BlobsMounted, int BlobsSkipped);
