using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Migration.Engine.Plan;
using Web.Data;
using Web.Features.Connections;
using Web.Features.Overview;
using Web.Features.Projects;

namespace Web.Tests.Overview;

/// <summary>The home page says where the migration stands and what to do next.</summary>
public sealed class OverviewPageTests : DashboardTestContext
{
    public OverviewPageTests() => Use(Dashboard.Overview);

    [Fact]
    public void Empty_SaysHowToBegin()
    {
        var page = Render<OverviewPage>();

        page.WaitForAssertion(() => Assert.Contains("Add the old registry", page.Find("[data-testid=overview-empty]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=overview-scan]"));
    }

    [Fact]
    public async Task AfterAScan_ShowsItsCounts_AndPointsToTheProjects()
    {
        await Dashboard.Connections.AddAsync(new ConnectionForm { Name = "old", Location = "/var/lib/registry" });
        var scan = await AddScanAsync();

        var page = Render<OverviewPage>();

        page.WaitForAssertion(() => Assert.Contains($"#{scan} of old: Succeeded", page.Find("[data-testid=overview-scan]").TextContent));
        Assert.Contains("2 repositories, 3 tags, 1 problems", page.Find("[data-testid=overview-scan]").TextContent);
        Assert.Contains(page.FindAll("[data-testid=overview-scan] a"), a => a.GetAttribute("href") == $"inventory/{scan}");
        Assert.Contains("Not checked since the dashboard started", page.Find("[data-testid=overview-projects]").TextContent);
        Assert.Contains("None yet", page.Find("[data-testid=overview-run]").TextContent);
        Assert.Equal("projects", page.Find("[data-testid=overview-next]").GetAttribute("href"));
    }

    [Fact]
    public async Task AfterProjectsAndARun_ShowsTheirState_AndLinksToTheRun()
    {
        await Dashboard.Connections.AddAsync(new ConnectionForm { Name = "old", Location = "/var/lib/registry" });
        await AddScanAsync();
        Dashboard.Provider.GetRequiredService<LastProjectCheck>().Record("harbor",
            new ProjectPlan([new ProjectPlanEntry("team-a", ["team-a/app"], ProjectStatus.WillCreate), new ProjectPlanEntry("library", ["nginx"], ProjectStatus.Exists)]));
        var run = await Dashboard.AddMigrationAsync(JobStatus.Running, 1, 3, 1000, null);

        var page = Render<OverviewPage>();

        page.WaitForAssertion(() => Assert.Contains("1 of 2 missing in harbor", page.Find("[data-testid=overview-projects]").TextContent));
        Assert.Contains($"#{run} old → harbor: Running", page.Find("[data-testid=overview-run]").TextContent);
        Assert.Contains("1 of 3 images, verification: pending", page.Find("[data-testid=overview-run]").TextContent);
        Assert.Contains(page.FindAll("[data-testid=overview-run] a"), a => a.GetAttribute("href") == $"jobs/{run}");
        Assert.Equal($"jobs/{run}", page.Find("[data-testid=overview-next]").GetAttribute("href"));
    }

    private async Task<int> AddScanAsync()
    {
        await using var db = await Dashboard.Provider.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        var scan = new ScanEntity
        {
            SourceName = "old", Status = JobStatus.Succeeded, CreatedAt = DateTimeOffset.UtcNow, FinishedAt = DateTimeOffset.UtcNow,
            Repositories = 2, Tags = 3, Problems = 1,
        };
        db.Scans.Add(scan);
        await db.SaveChangesAsync();
        return scan.Id;
    }
}
