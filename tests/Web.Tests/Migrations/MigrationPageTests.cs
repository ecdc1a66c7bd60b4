using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Web.Data;
using Web.Features.Migrations;
using Web.Tests.Connections;

namespace Web.Tests.Migrations;

public sealed class MigrationPageTests : DashboardTestContext
{

    public MigrationPageTests()
    {
        Use(Dashboard.Migrations);
        Use(Dashboard.MigrationFeed);
        Use(Dashboard.ShareLinks);
        Services.AddTransient(_ => new MigrationWatcher(Dashboard.Migrations, Dashboard.MigrationFeed));
    }

    [Fact]
    public void Missing_SaysSo()
    {
        var page = Render<MigrationPage>(p => p.Add(x => x.Id, 404));
        page.WaitForAssertion(() => Assert.Contains("does not exist", page.Find("[data-testid=job-missing]").TextContent));
    }

    [Fact]
    public async Task Finished_ShowsTheStableHooks()
    {
        var id = await Dashboard.AddMigrationAsync(JobStatus.Succeeded, 4, 4, 1234, true);

        var page = Render<MigrationPage>(p => p.Add(x => x.Id, id));

        page.WaitForAssertion(() => Assert.Equal("Succeeded", page.Find("[data-testid=job-status]").TextContent.Trim()));
        Assert.Equal("4", page.Find("[data-testid=job-images-done]").TextContent);
        Assert.Equal("4", page.Find("[data-testid=job-images-total]").TextContent);
        Assert.Equal("1234", page.Find("[data-testid=job-bytes-done]").TextContent);
        // The hook stays a plain number for scripts; people get a readable size beside it.
        Assert.Contains($"{Migration.Engine.ByteSize.Format(1234)} of {Migration.Engine.ByteSize.Format(2468)} unique", page.Markup);
        Assert.Equal("true", page.Find("[data-testid=job-verified]").TextContent);
    }

    [Fact]
    public async Task Running_UpdatesLiveFromAPublishedSnapshot()
    {
        var id = await Dashboard.AddMigrationAsync(JobStatus.Running, 1, 4, 100, null);
        var page = Render<MigrationPage>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => Assert.Equal("1", page.Find("[data-testid=job-images-done]").TextContent));
        Assert.Equal("false", page.Find("[data-testid=job-verified]").TextContent);
        Assert.Contains("a1b2c3d4e5f6 12.0 MiB sent", page.Find("[data-testid=job-repositories]").TextContent);

        // As a job does: write the counters, then publish the snapshot.
        await using (var db = await Dashboard.Provider.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync())
            await db.Migrations.Where(m => m.Id == id).ExecuteUpdateAsync(u => u.SetProperty(m => m.ImagesDone, 3).SetProperty(m => m.BytesDone, 150L));
        Dashboard.MigrationFeed.Publish($"migration:{id}", new MigrationSnapshot(id, JobStatus.Running, 4, 3, 0, 200, 150, null, null, []));

        page.WaitForAssertion(() => Assert.Equal("3", page.Find("[data-testid=job-images-done]").TextContent));
        Assert.Equal("150", page.Find("[data-testid=job-bytes-done]").TextContent);
    }

    [Fact]
    public async Task ShareProgress_ShowsTheLinkOnceAndRevokesIt()
    {
        var id = await Dashboard.AddMigrationAsync(JobStatus.Running, 1, 4, 100, null);
        var page = Render<MigrationPage>(p => p.Add(x => x.Id, id));
        page.WaitForElement("[data-testid=job-share]").Click();

        var url = page.WaitForElement("[data-testid=share-url]").TextContent;
        var token = url[(url.IndexOf("/share/", StringComparison.Ordinal) + "/share/".Length)..];
        Assert.Equal(id, await Dashboard.ShareLinks.ResolveAsync(token));
        Assert.Single(page.FindAll("[data-testid=share-link]"));

        page.Find("[data-testid=share-link] button").Click();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=share-link]")));
        Assert.Null(await Dashboard.ShareLinks.ResolveAsync(token));
    }
}
