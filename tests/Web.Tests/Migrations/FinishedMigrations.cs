using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Migration.Engine.Copy;
using Migration.Engine.Plan;
using Migration.Engine.Run;
using Migration.Engine.Verify;
using Web.Data;
using Web.Features.Migrations;
using Web.Tests.Connections;

namespace Web.Tests.Migrations;

/// <summary>Migrations as the finisher leaves them: times, verdict and report, written straight to the database.</summary>
internal static class FinishedMigrations
{
    public const long MiB = 1 << 20;

    /// <summary>Five images: three copied that share most of their layers (100 MiB each, 120 MiB sent in all), one
    /// already there, one failed. Verification: four on the target, the failed one missing.</summary>
    public static MigrationReport FiveImages(DateTimeOffset started, DateTimeOffset finished) => new()
    {
        Source = "old", Target = "harbor", StartedAt = started, FinishedAt = finished,
        Plan = PlanSummary.Empty,
        Totals = new MigrationTotals(5, 3, 1, 1, 120 * MiB, 4, 2, 0),
        Images =
        [
            Image("app:1", ImageStatus.Copied) with { BytesUploaded = 100 * MiB, BlobBytes = 100 * MiB },
            Image("app:2", ImageStatus.Copied) with { BytesUploaded = 10 * MiB, BlobBytes = 100 * MiB },
            Image("app:3", ImageStatus.Copied) with { BytesUploaded = 10 * MiB, BlobBytes = 100 * MiB },
            Image("app:4", ImageStatus.AlreadyPresent),
            Image("app:5", ImageStatus.Failed) with { Error = "team/app:5 → team/app: the source lost a layer" },
        ],
        Verification = new VerificationReport(
        [
            Entry("1", VerifyStatus.Match), Entry("2", VerifyStatus.Match), Entry("3", VerifyStatus.Match), Entry("4", VerifyStatus.Match),
            Entry("5", VerifyStatus.Missing),
        ]),
    };

    /// <summary>Marks a migration made by <see cref="ConnectionServices.AddMigrationAsync"/> finished: it started
    /// <paramref name="took"/> before now, sent <paramref name="bytes"/>, and left <paramref name="report"/>.</summary>
    public static async Task FinishAsync(ConnectionServices dashboard, int id, JobStatus status, bool? verified, TimeSpan took, long bytes,
        MigrationReport? report)
    {
        var finished = DateTimeOffset.UtcNow;
        await using var db = await dashboard.Provider.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        await db.Migrations.Where(m => m.Id == id).ExecuteUpdateAsync(u => u.SetProperty(m => m.Status, status).SetProperty(m => m.Verified, verified)
            .SetProperty(m => m.CreatedAt, finished - took).SetProperty(m => m.FinishedAt, finished).SetProperty(m => m.BytesDone, bytes)
            .SetProperty(m => m.ReportJson, report is null ? null : StoredReports.Write(report)));
        await db.MigrationRepositories.Where(r => r.MigrationId == id).ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, status)
            .SetProperty(r => r.BytesDone, bytes).SetProperty(r => r.InFlight, (string?)null));
    }

    private static ImageOutcome Image(string reference, ImageStatus status) =>
        new("team/app", reference, "team/app", "sha256:" + new string('a', 64), status);

    private static VerifyEntry Entry(string tag, VerifyStatus status) =>
        new("team/app", tag, "team/app", "sha256:" + new string('a', 64), status == VerifyStatus.Match ? "sha256:" + new string('a', 64) : null, status);
}
