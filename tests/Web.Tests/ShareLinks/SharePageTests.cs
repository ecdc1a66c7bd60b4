using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Web.Data;
using Web.Features.Migrations;
using Web.Features.ShareLinks;

namespace Web.Tests.ShareLinks;

public sealed class SharePageTests : DashboardTestContext
{
    public SharePageTests()
    {
        Use(Dashboard.ShareLinks);
        Use(Dashboard.Cutover);
        Services.AddTransient(_ => new MigrationWatcher(Dashboard.Migrations, Dashboard.MigrationFeed));
    }

    [Fact]
    public async Task ValidLink_ShowsTheJobPagesHooksAndHostsButNoControls()
    {
        var id = await Dashboard.AddMigrationAsync(JobStatus.Running, 2, 5, 300, null);
        await using (var db = await Dashboard.Provider.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync())
        {
            db.Connections.Add(new ConnectionEntity { Name = "prod mirror", Location = "/srv/secret-path/registry", Username = "ops" });
            db.Connections.Add(new ConnectionEntity { Name = "harbor", Role = ConnectionRole.Target, Location = "https://harbor.example.com:8443", Username = "robot$ci" });
            await db.SaveChangesAsync();
            var ids = await db.Connections.OrderBy(c => c.Id).Select(c => c.Id).ToListAsync();
            await db.Migrations.Where(m => m.Id == id).ExecuteUpdateAsync(u => u.SetProperty(m => m.SourceId, ids[0]).SetProperty(m => m.TargetId, ids[1]));
        }
        var (_, token) = await Dashboard.ShareLinks.CreateAsync(id);

        var page = Render<SharePage>(p => p.Add(x => x.Token, token));

        page.WaitForAssertion(() => Assert.Equal("Running", page.Find("[data-testid=job-status]").TextContent.Trim()));
        Assert.Equal("2", page.Find("[data-testid=job-images-done]").GetAttribute("data-value"));
        Assert.Equal("5", page.Find("[data-testid=job-images-total]").GetAttribute("data-value"));
        Assert.Equal("300", page.Find("[data-testid=job-bytes-done]").GetAttribute("data-value"));
        Assert.Equal("300 B", page.Find("[data-testid=job-bytes-done]").TextContent);
        Assert.Equal("Pending", page.Find("[data-testid=job-verification-state]").TextContent);
        Assert.Equal("a registry storage folder → harbor.example.com:8443", page.Find("[data-testid=share-hosts]").TextContent);
        Assert.Empty(page.FindAll("button"));
        // Of the link, the rate, the cap and the time left; not the requests in flight or the round trip.
        Assert.NotNull(page.Find("[data-testid=job-link-rate]"));
        Assert.NotNull(page.Find("[data-testid=job-link-eta]"));
        Assert.Empty(page.FindAll("[data-testid=job-link-inflight]"));
        Assert.Empty(page.FindAll("[data-testid=job-link-rtt]"));
        foreach (var secret in new[] { "secret-path", "prod mirror", "ops", "robot$ci" }) Assert.DoesNotContain(secret, page.Markup);

        Dashboard.MigrationFeed.Publish($"migration:{id}", new MigrationSnapshot(id, JobStatus.Running, 5, 4, 0, 600, 500, null, null, []));
        page.WaitForAssertion(() => Assert.Equal("4", page.Find("[data-testid=job-images-done]").TextContent));
    }

    [Fact]
    public async Task NamesNoMachine_OnlyTheRegistriesHosts()
    {
        var id = await Dashboard.AddMigrationAsync(JobStatus.Running, 1, 3, 10, null);
        await using (var db = await Dashboard.Provider.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync())
        {
            // The worker's name is its machine's unless configured: "vm-build-17" here.
            await db.MigrationRepositories.Where(r => r.MigrationId == id).ExecuteUpdateAsync(u => u.SetProperty(r => r.Worker, "vm-build-17"));
            db.MigrationWorkerLinks.Add(new MigrationWorkerLinkEntity { MigrationId = id, Worker = "vm-build-17", BytesPerSecond = 4 << 20, InFlight = 2,
                Limit = 4, MaxConcurrency = 8, MeasuredAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }
        var (_, token) = await Dashboard.ShareLinks.CreateAsync(id);

        var page = Render<SharePage>(p => p.Add(x => x.Token, token));

        page.WaitForAssertion(() => Assert.Equal("4.0 MiB/s", page.Find("[data-testid=job-link-rate]").TextContent));
        Assert.DoesNotContain("vm-build-17", page.Markup);
        Assert.DoesNotContain("Worker", page.Find("[data-testid=job-repositories]").TextContent);
    }

    [Fact]
    public async Task Finished_ShowsTheSummaryAndTheChart_StillWithoutControls()
    {
        var id = await Dashboard.AddMigrationAsync(JobStatus.Succeeded, 4, 4, 10, true);
        await Web.Tests.Migrations.FinishedMigrations.FinishAsync(Dashboard, id, JobStatus.Succeeded, true, TimeSpan.FromMinutes(4), 480L << 20, null);
        var (_, token) = await Dashboard.ShareLinks.CreateAsync(id);

        var page = Render<SharePage>(p => p.Add(x => x.Token, token));

        page.WaitForAssertion(() => Assert.Equal("Verified", page.Find("[data-testid=job-verification-state]").TextContent));
        Assert.Equal("true", page.Find("[data-testid=job-verified]").GetAttribute("data-value"));
        Assert.Equal("4 min 00 s", page.Find("[data-testid=job-duration]").TextContent);
        Assert.Equal("2.0 MiB/s", page.Find("[data-testid=job-average-rate]").TextContent);
        Assert.NotNull(page.Find("[data-testid=job-throughput]"));
        Assert.Empty(page.FindAll("button"));
    }

    [Fact]
    public void UnknownLink_SaysItDoesNotExist()
    {
        var page = Render<SharePage>(p => p.Add(x => x.Token, "s_not-a-real-token"));

        page.WaitForAssertion(() => Assert.Contains("does not exist or was revoked", page.Find("[data-testid=share-missing]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=job-status]"));
    }

    [Fact]
    public async Task LinkRevokedWhileWatching_StopsShowingProgress()
    {
        var id = await Dashboard.AddMigrationAsync(JobStatus.Running, 1, 3, 10, null);
        var (link, token) = await Dashboard.ShareLinks.CreateAsync(id);
        var page = Render<SharePage>(p => p.Add(x => x.Token, token));
        page.WaitForElement("[data-testid=job-status]");

        await Dashboard.ShareLinks.RevokeAsync(link.Id);

        page.WaitForElement("[data-testid=share-missing]");
        Assert.Empty(page.FindAll("[data-testid=job-status]"));
    }
}
