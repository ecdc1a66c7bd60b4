using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Migration.Engine.Link;
using Web.Data;
using Web.Features.Migrations;

namespace Web.Tests.Migrations;

/// <summary>The link panel of a running migration: the rate against the cap, the time left, the requests in flight and
/// the round trip, readable for people with the raw numbers in data-value; and the job page's cap field.</summary>
public sealed class LinkPanelTests : DashboardTestContext
{
    private const long MiB = 1 << 20;

    public LinkPanelTests()
    {
        Use(Dashboard.Migrations);
        Use(Dashboard.MigrationFeed);
        Use(Dashboard.ShareLinks);
        Services.AddTransient(_ => new MigrationWatcher(Dashboard.Migrations, Dashboard.MigrationFeed));
    }

    [Fact]
    public void TwoWorkers_ShowTheirSumsAgainstTheCapAndTheTimeLeft()
    {
        var panel = Render<LinkPanel>(p => p.Add(x => x.Snapshot, Running(20 * MiB,
            Worker("worker-1", 8 * MiB, 5, 8, 25), Worker("worker-2", 4.5 * MiB, 3, 8, 40), Worker("gone", 50 * MiB, 30, 30, 1, secondsAgo: 60)))
            .Add(x => x.ShowDetails, true));

        // 750 MiB still to send at 12.5 MiB/s; the worker not heard from for a minute is left out.
        Assert.Equal("12.5 MiB/s", Text(panel, "job-link-rate"));
        Assert.Equal(12.5 * MiB, Value(panel, "job-link-rate"));
        Assert.Equal("of 20.0 MiB/s cap", Text(panel, "job-link-cap"));
        Assert.Equal(20 * MiB, Value(panel, "job-link-cap"));
        Assert.Equal("1 min 00 s", Text(panel, "job-link-eta"));
        Assert.Equal(60, Value(panel, "job-link-eta"));
        Assert.Equal((8, 16, 128), ((int)Value(panel, "job-link-inflight"), (int)Value(panel, "job-link-limit"), (int)Value(panel, "job-link-max")));
        Assert.Equal("on 2 workers", Text(panel, "job-link-workers"));
        Assert.Equal("25 ms", Text(panel, "job-link-rtt"));
        Assert.Equal(25, Value(panel, "job-link-rtt"));
        Assert.DoesNotContain("worker-1", panel.Markup);
    }

    [Fact]
    public void ForAShareLink_OnlyTheRateTheCapAndTheTimeLeft()
    {
        var panel = Render<LinkPanel>(p => p.Add(x => x.Snapshot, Running(20 * MiB, Worker("worker-1", 10 * MiB, 5, 8, 0.4))));

        Assert.Equal("10.0 MiB/s", Text(panel, "job-link-rate"));
        Assert.Equal("1 min 15 s", Text(panel, "job-link-eta"));
        foreach (var detail in new[] { "job-link-inflight", "job-link-limit", "job-link-max", "job-link-rtt" })
            Assert.Empty(panel.FindAll($"[data-testid={detail}]"));
    }

    [Fact]
    public void BeforeAnyMeasurement_AndWithoutACap_SaysSo()
    {
        var panel = Render<LinkPanel>(p => p.Add(x => x.Snapshot, Running(null)).Add(x => x.ShowDetails, true));

        Assert.Equal("—", Text(panel, "job-link-rate"));
        Assert.Null(panel.Find("[data-testid=job-link-rate]").GetAttribute("data-value"));
        Assert.Equal("· no cap", Text(panel, "job-link-cap"));
        Assert.Null(panel.Find("[data-testid=job-link-cap]").GetAttribute("data-value"));
        Assert.Equal("—", Text(panel, "job-link-eta"));
        Assert.Equal("—", Text(panel, "job-link-rtt"));
    }

    [Fact]
    public async Task JobPage_CapField_AppliesANewCapAndRefusesAWrongOne()
    {
        var id = await Dashboard.AddMigrationAsync(JobStatus.Running, 1, 4, 100, null);
        var page = Render<MigrationPage>(p => p.Add(x => x.Id, id));
        page.WaitForElement("[data-testid=job-link]");
        Assert.Equal("· no cap", Text(page, "job-link-cap"));

        page.Find("input[data-testid=job-cap-input], [data-testid=job-cap-input] input").Input("lots");
        page.Find("[data-testid=job-cap-apply]").Click();
        page.WaitForAssertion(() => Assert.Contains("'lots' is not a bandwidth cap", page.Markup));

        page.Find("input[data-testid=job-cap-input], [data-testid=job-cap-input] input").Input("20MiB");
        page.Find("[data-testid=job-cap-apply]").Click();

        // Stored, and published to the page as any change is.
        page.WaitForAssertion(() => Assert.Equal("of 20.0 MiB/s cap", Text(page, "job-link-cap")));
        await using var db = await Dashboard.Provider.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        Assert.Equal(20 * MiB, await db.Migrations.Where(m => m.Id == id).Select(m => m.MaxBytesPerSecond).SingleAsync());
    }

    private static MigrationSnapshot Running(long? cap, params WorkerLink[] workers) =>
        new(7, JobStatus.Running, 10, 2, 0, 1000 * MiB, 250 * MiB, null, null, [], cap, DateTimeOffset.UtcNow.AddMinutes(-1), workers);

    private static WorkerLink Worker(string name, double rate, int inFlight, int limit, double roundTripMs, int secondsAgo = 0) =>
        new(name, new LinkStatus(rate, inFlight, limit, 64, TimeSpan.FromMilliseconds(roundTripMs), null), DateTimeOffset.UtcNow.AddSeconds(-secondsAgo));

    private static string Text(IRenderedComponent<Microsoft.AspNetCore.Components.IComponent> rendered, string testId) =>
        rendered.Find($"[data-testid={testId}]").TextContent.Trim();

    private static double Value(IRenderedComponent<Microsoft.AspNetCore.Components.IComponent> rendered, string testId) =>
        double.Parse(rendered.Find($"[data-testid={testId}]").GetAttribute("data-value")!, System.Globalization.CultureInfo.InvariantCulture);
}
