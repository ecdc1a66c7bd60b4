using Bunit;
using Web.Data;
using Web.Features.Migrations;

namespace Web.Tests.Migrations;

/// <summary>A repository another worker took over after its first went silent: the job page names both; a share link,
/// which names no machine, shows neither.</summary>
public sealed class TakenOverRepositoryTests : DashboardTestContext
{
    private static readonly MigrationSnapshot Snapshot = new(3, JobStatus.Running, 4, 1, 0, 1000, 400, null, null,
        [
            new RepositoryProgress("fleet/service1", JobStatus.Running, 1, 0, 0, 0, null, "worker-1", TakenOverFrom: "worker-2"),
            new RepositoryProgress("fleet/service2", JobStatus.Succeeded, 1, 1, 0, 400, null, "worker-1"),
        ], CreatedAt: DateTimeOffset.UtcNow.AddMinutes(-1));

    [Fact]
    public void JobPage_NamesTheWorkerThatTookTheRepositoryOverAndTheOneThatWentSilent()
    {
        var view = Render<MigrationProgressView>(p => p.Add(x => x.Snapshot, Snapshot).Add(x => x.ShowLinkDetails, true));

        var row = view.FindAll("[data-testid=job-repositories] tbody tr").Single(r => r.TextContent.Contains("fleet/service1"));
        Assert.Contains("worker-1", row.TextContent);
        Assert.Equal("took over from worker-2, which went silent", row.QuerySelector("[data-testid=job-repository-taken-over]")!.TextContent.Trim());
        Assert.Single(view.FindAll("[data-testid=job-repository-taken-over]"));
    }

    [Fact]
    public void ShareLink_ShowsNoWorkerNames()
    {
        var view = Render<MigrationProgressView>(p => p.Add(x => x.Snapshot, Snapshot.WithoutWorkerNames()));

        Assert.Empty(view.FindAll("[data-testid=job-repository-taken-over]"));
        Assert.DoesNotContain("worker-2", view.Markup);
    }
}
