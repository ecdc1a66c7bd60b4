using System.Globalization;
using Microsoft.AspNetCore.Components;
using Migration.Engine.Run;
using Web.Data;

namespace Web.Features.Migrations;

public partial class MigrationProgressView
{
    private const int RowsPerPage = 50;
    private const string FailuresId = "job-failures";

    [Inject] private NavigationManager Navigation { get; set; } = null!;

    [Parameter, EditorRequired] public MigrationSnapshot Snapshot { get; set; } = null!;
    [Parameter] public IReadOnlyList<RateSample> Rates { get; set; } = [];
    /// <summary>The finished migration's report: the summary at the top and the verification's figures.</summary>
    [Parameter] public MigrationReport? Report { get; set; }
    /// <summary>For signed-in viewers: the link's requests in flight and round trip, and which worker copies each
    /// repository. A share link shows neither.</summary>
    [Parameter] public bool ShowLinkDetails { get; set; }
    /// <summary>Controls for the link (the job page's cap field), shown in its panel while the migration runs.</summary>
    [Parameter] public RenderFragment? LinkControls { get; set; }
    [Parameter] public IReadOnlyList<string> Failures { get; set; } = [];
    [Parameter] public IReadOnlyList<string> Conversions { get; set; } = [];

    private string _filter = "";

    private VerificationState Verification => VerificationState.Of(Snapshot, Report?.Verification);

    private RunDuration? Run => RunDuration.Of(Snapshot);

    private MigrationSummary? Summary => Report is { } report && Snapshot.Status is not (JobStatus.Queued or JobStatus.Running)
        ? MigrationSummary.Of(report)
        : null;

    // The job-verified hook: "true" or "false" once the migration has finished, nothing before (not yet is not false).
    private string? VerifiedValue => Verification.Finished ? (Snapshot.Verified == true ? "true" : "false") : null;

    // The page itself, so the link scrolls to the list instead of going to the app's base address.
    private string? FailuresHref => Failures.Count > 0 ? $"{Navigation.Uri.Split('#')[0]}#{FailuresId}" : null;

    // What is moving comes first, then what failed, then the rest by name.
    private IEnumerable<RepositoryProgress> Ordered => Snapshot.Repositories
        .OrderBy(r => r.Status switch { JobStatus.Running => 0, JobStatus.Failed => 1, _ => 2 });

    private bool Matches(RepositoryProgress repository) =>
        string.IsNullOrWhiteSpace(_filter) || repository.Repository.Contains(_filter.Trim(), StringComparison.OrdinalIgnoreCase);

    private double Percent => Snapshot.ImagesTotal > 0 ? 100.0 * Snapshot.ImagesDone / Snapshot.ImagesTotal : 0;

    private static string Count(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
