using Migration.Engine.Verify;
using Web.Data;

namespace Web.Features.Migrations;

public enum VerificationStage { Pending, Verifying, Verified, Failed, NotVerified }

/// <summary>
/// Where a migration's verification stands, in words: Pending while images are still copied (nothing was checked yet,
/// so nothing has failed), Verifying once the last repository is done and the finisher compares the target with the
/// source, then Verified (n of n) or Failed (n missing). Not verified: cancelled, verification turned off, or it could
/// not run (the error says why).
/// </summary>
/// <param name="Checked">The finished verification's figures when its report is at hand; the words then say how many.</param>
public sealed record VerificationState(VerificationStage Stage, VerificationReport? Checked = null)
{
    public static VerificationState Of(MigrationSnapshot snapshot, VerificationReport? report) =>
        Of(snapshot.Status, snapshot.FinishedAt, snapshot.Verified, report);

    public static VerificationState Of(JobStatus status, DateTimeOffset? finishedAt, bool? verified, VerificationReport? report = null) => status switch
    {
        // The finisher stamps FinishedAt when it takes over and sets the status only once it has verified.
        JobStatus.Queued or JobStatus.Running => new(finishedAt is null ? VerificationStage.Pending : VerificationStage.Verifying),
        JobStatus.Cancelled => new(VerificationStage.NotVerified),
        _ => verified switch
        {
            true => new(VerificationStage.Verified, report),
            false => new(VerificationStage.Failed, report),
            null => new(VerificationStage.NotVerified),
        },
    };

    public bool Finished => Stage is VerificationStage.Verified or VerificationStage.Failed or VerificationStage.NotVerified;

    public string Text => Stage switch
    {
        VerificationStage.Pending => "Pending",
        VerificationStage.Verifying => "Verifying",
        VerificationStage.Verified => Checked is { } r ? $"Verified ({r.Matched} of {r.Total})" : "Verified",
        VerificationStage.Failed => Checked is { } r ? $"Failed ({r.Total - r.Matched} missing)" : "Failed",
        _ => "Not verified",
    };

    /// <summary>One line under the state, for people who wonder what it means.</summary>
    public string Explanation => Stage switch
    {
        VerificationStage.Pending => "checked against the target once every image is copied",
        VerificationStage.Verifying => "comparing the target with the source, image by image",
        VerificationStage.Verified => "every source image is on the target with the same digest",
        VerificationStage.Failed => "see the failures below",
        _ => "no verification ran for this migration",
    };

    /// <summary>For data-value: the stage in lower case ("pending", "verified", "notverified").</summary>
    public string Value => Stage.ToString().ToLowerInvariant();
}
