using Microsoft.AspNetCore.Components;

namespace Web.Features.Overview;

/// <summary>The home page: where the migration stands and the next step; for an empty dashboard, how to begin.</summary>
public partial class OverviewPage
{
    [Inject] private OverviewService Overview { get; set; } = null!;

    private MigrationStanding? _standing;
    private string? _error;

    protected override async Task OnInitializedAsync()
    {
        try
        {
            _standing = await Overview.GetAsync();
        }
        catch (Exception ex) when (ex is InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
        {
            _error = $"Could not read the dashboard's data: {ex.Message}";
        }
    }

    private static string When(DateTimeOffset at) => at.ToString("u", System.Globalization.CultureInfo.InvariantCulture);

    private static string Verification(LastRun run) =>
        ", verification: " + Web.Features.Migrations.VerificationState.Of(run.Status, run.FinishedAt, run.Verified).Text.ToLowerInvariant();
}
