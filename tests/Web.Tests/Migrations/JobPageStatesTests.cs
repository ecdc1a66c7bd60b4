using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Web.Data;
using Web.Features.Migrations;
using static Web.Tests.Migrations.FinishedMigrations;

namespace Web.Tests.Migrations;

/// <summary>The job page's honest states: verification that has not happened yet is Pending, not false; the time so far
/// while it runs, the duration and the average rate once done; and the summary at the top of a finished migration.</summary>
public sealed class JobPageStatesTests : DashboardTestContext
{
    public JobPageStatesTests()
    {
        Use(Dashboard.Migrations);
        Use(Dashboard.MigrationFeed);
        Use(Dashboard.ShareLinks);
        Services.AddTransient(_ => new MigrationWatcher(Dashboard.Migrations, Dashboard.MigrationFeed));
    }

    [Fact]
    public async Task Running_VerificationIsPending_AndTheElapsedTimeShows()
    {
        var id = await Dashboard.AddMigrationAsync(JobStatus.Running, 1, 4, 100, null);
        await SetAsync(id, u => u.SetProperty(m => m.CreatedAt, DateTimeOffset.UtcNow.AddSeconds(-95)));

        var page = Render<MigrationPage>(p => p.Add(x => x.Id, id));

        page.WaitForAssertion(() => Assert.Equal("Pending", Text(page, "job-verification-state")));
        Assert.Equal("pending", Value(page, "job-verification-state"));
        // Not verified yet is not "false": the hook says nothing until there is a verdict.
        Assert.Null(Value(page, "job-verified"));
        Assert.DoesNotContain("false", page.Find("[data-testid=job-verified]").TextContent);
        Assert.InRange(double.Parse(Value(page, "job-elapsed")!), 95, 120);
        Assert.StartsWith("1 min ", Text(page, "job-elapsed"));
        Assert.Empty(page.FindAll("[data-testid=job-duration]"));
        Assert.Empty(page.FindAll("[data-testid=job-summary]"));
    }

    [Fact]
    public async Task LastRepositoryDone_TheFinisherVerifies()
    {
        var id = await Dashboard.AddMigrationAsync(JobStatus.Running, 4, 4, 100, null);
        await SetAsync(id, u => u.SetProperty(m => m.FinishedAt, DateTimeOffset.UtcNow));

        var page = Render<MigrationPage>(p => p.Add(x => x.Id, id));

        page.WaitForAssertion(() => Assert.Equal("Verifying", Text(page, "job-verification-state")));
        Assert.Null(Value(page, "job-verified"));
        // Nothing moves while it verifies: no rate and time left to show.
        Assert.Empty(page.FindAll("[data-testid=job-link]"));
    }

    [Fact]
    public async Task Verified_SaysHowManyOfHowMany()
    {
        var id = await Dashboard.AddMigrationAsync(JobStatus.Succeeded, 4, 4, 100, true);
        var report = FiveImages(DateTimeOffset.UtcNow.AddMinutes(-2), DateTimeOffset.UtcNow);
        report = report with { Verification = new([.. report.Verification!.Entries.Take(4)]) };
        await FinishAsync(Dashboard, id, JobStatus.Succeeded, true, TimeSpan.FromMinutes(2), 120 * MiB, report);

        var page = Render<MigrationPage>(p => p.Add(x => x.Id, id));

        page.WaitForAssertion(() => Assert.Equal("Verified (4 of 4)", Text(page, "job-verification-state")));
        Assert.Equal("true", Value(page, "job-verified"));
        Assert.Equal("verified", Value(page, "job-verification-state"));
    }

    [Fact]
    public async Task VerificationFailed_SaysHowManyAreMissing()
    {
        var id = await Dashboard.AddMigrationAsync(JobStatus.Failed, 4, 5, 100, false);
        await FinishAsync(Dashboard, id, JobStatus.Failed, false, TimeSpan.FromMinutes(2), 120 * MiB,
            FiveImages(DateTimeOffset.UtcNow.AddMinutes(-2), DateTimeOffset.UtcNow));

        var page = Render<MigrationPage>(p => p.Add(x => x.Id, id));

        page.WaitForAssertion(() => Assert.Equal("Failed (1 missing)", Text(page, "job-verification-state")));
        Assert.Equal("false", Value(page, "job-verified"));
    }

    [Fact]
    public async Task Finished_ShowsTheDurationAndTheAverageRate()
    {
        var id = await Dashboard.AddMigrationAsync(JobStatus.Succeeded, 4, 4, 100, true);
        // 600 MiB in 5 minutes: 2 MiB/s.
        await FinishAsync(Dashboard, id, JobStatus.Succeeded, true, TimeSpan.FromMinutes(5), 600 * MiB, null);

        var page = Render<MigrationPage>(p => p.Add(x => x.Id, id));

        page.WaitForAssertion(() => Assert.Equal("5 min 00 s", Text(page, "job-duration")));
        Assert.Equal("300", Value(page, "job-duration"));
        Assert.Equal("2.0 MiB/s", Text(page, "job-average-rate"));
        Assert.Equal((2.0 * MiB).ToString(System.Globalization.CultureInfo.InvariantCulture), Value(page, "job-average-rate"));
        Assert.Empty(page.FindAll("[data-testid=job-elapsed]"));
        // Opened afresh, with no samples watched: the chart draws the average over the run, and says so.
        Assert.Equal(["average MiB/s"], page.FindAll(".mud-chart-legend-item").Select(i => i.TextContent.Trim()));
        Assert.Contains("average over the whole run", Text(page, "job-throughput-note"));
    }

    [Fact]
    public async Task Finished_SummarisesTheRunAtTheTop_WithTheFailuresLinked()
    {
        var id = await Dashboard.AddMigrationAsync(JobStatus.Failed, 4, 5, 100, false);
        await FinishAsync(Dashboard, id, JobStatus.Failed, false, TimeSpan.FromMinutes(2), 120 * MiB,
            FiveImages(DateTimeOffset.UtcNow.AddMinutes(-2), DateTimeOffset.UtcNow));

        var page = Render<MigrationPage>(p => p.Add(x => x.Id, id));

        var summary = page.WaitForElement("[data-testid=job-summary]");
        Assert.Equal(("3", "1", "1"), (Value(page, "job-summary-copied"), Value(page, "job-summary-present"), Value(page, "job-summary-failed")));
        Assert.Equal("3 images copied", Text(page, "job-summary-copied"));
        // Each shared layer sent once: 120 MiB, where copying the three images one by one would have sent 300 MiB.
        Assert.Equal((120 * MiB).ToString(), Value(page, "job-summary-bytes-sent"));
        Assert.Equal("120.0 MiB", Text(page, "job-summary-bytes-sent"));
        Assert.Equal((300 * MiB).ToString(), Value(page, "job-summary-bytes-per-image"));
        Assert.Contains("300.0 MiB (2.5× as much)", summary.TextContent);
        Assert.Equal("2 min 00 s", Text(page, "job-summary-duration"));
        Assert.Equal("Failed (1 missing)", Text(page, "job-summary-verification"));
        // The failed count takes people to the list of failures.
        var failed = page.Find("[data-testid=job-summary-failed]");
        Assert.EndsWith("#job-failures", failed.GetAttribute("href"));
        Assert.Contains("the source lost a layer", page.Find("[data-testid=job-failures]").TextContent);
        Assert.NotNull(page.Find("#job-failures"));
        // The summary comes first on the page.
        Assert.True(page.Markup.IndexOf("job-summary", StringComparison.Ordinal) < page.Markup.IndexOf("job-images-done", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MigrationsList_ShowsSizesVerificationStatesAndDurations()
    {
        await Dashboard.AddMigrationAsync(JobStatus.Running, 1, 4, 100, null);
        var failed = await Dashboard.AddMigrationAsync(JobStatus.Failed, 4, 5, 100, false);
        await FinishAsync(Dashboard, failed, JobStatus.Failed, false, TimeSpan.FromMinutes(3), 379515011, null);

        var page = Render<MigrationsPage>();

        page.WaitForElement("[data-testid=jobs-table]");
        var bytes = page.FindAll("[data-testid=jobs-bytes-done]");
        var states = page.FindAll("[data-testid=jobs-verification]").Select(s => s.TextContent).ToList();
        // Newest first.
        Assert.Equal(["361.9 MiB", "100 B"], bytes.Select(b => b.TextContent));
        Assert.Equal(["379515011", "100"], bytes.Select(b => b.GetAttribute("data-value")));
        Assert.Equal(["Failed", "Pending"], states);
        Assert.Contains("3 min 00 s", page.Find("[data-testid=jobs-table]").TextContent);
        Assert.Contains("so far", page.Find("[data-testid=jobs-table]").TextContent);
        Assert.DoesNotContain("True", page.Find("[data-testid=jobs-table]").TextContent);
    }

    private async Task SetAsync(int id, Action<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<MigrationEntity>> set)
    {
        await using var db = await Dashboard.Provider.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        await db.Migrations.Where(m => m.Id == id).ExecuteUpdateAsync(set);
    }

    private static string Text(IRenderedComponent<Microsoft.AspNetCore.Components.IComponent> page, string testId) =>
        page.Find($"[data-testid={testId}]").TextContent.Trim();

    private static string? Value(IRenderedComponent<Microsoft.AspNetCore.Components.IComponent> page, string testId) =>
        page.Find($"[data-testid={testId}]").GetAttribute("data-value");
}
