using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.JSInterop;
using MudBlazor;
using Web.Data;
using Web.Features.Migrations;

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
        var id = await Dashboard.AddMigrationAsync(JobStatus.Succeeded, 4, 4, 379515011, true);

        var page = Render<MigrationPage>(p => p.Add(x => x.Id, id));

        page.WaitForAssertion(() => Assert.Equal("Succeeded", page.Find("[data-testid=job-status]").TextContent.Trim()));
        Assert.Equal(("4", "4"), (Value(page, "job-images-done"), Text(page, "job-images-done")));
        Assert.Equal(("4", "4"), (Value(page, "job-images-total"), Text(page, "job-images-total")));
        // Scripts read the plain number; people read a size.
        Assert.Equal("379515011", Value(page, "job-bytes-done"));
        Assert.Equal("361.9 MiB", Text(page, "job-bytes-done"));
        Assert.Equal("759030022", Value(page, "job-bytes-total"));
        Assert.Equal("true", Value(page, "job-verified"));
    }

    [Fact]
    public async Task Running_UpdatesLiveFromAPublishedSnapshot()
    {
        var id = await Dashboard.AddMigrationAsync(JobStatus.Running, 1, 4, 100, null);
        var page = Render<MigrationPage>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => Assert.Equal("1", Value(page, "job-images-done")));
        Assert.Equal("100 B", Text(page, "job-bytes-done"));
        Assert.Contains("a1b2c3d4e5f6 12.0 MiB sent", page.Find("[data-testid=job-repositories]").TextContent);

        // As a job does: write the counters, then publish the snapshot.
        await using (var db = await Dashboard.Provider.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync())
            await db.Migrations.Where(m => m.Id == id).ExecuteUpdateAsync(u => u.SetProperty(m => m.ImagesDone, 3).SetProperty(m => m.BytesDone, 150L));
        Dashboard.MigrationFeed.Publish($"migration:{id}", new MigrationSnapshot(id, JobStatus.Running, 4, 3, 0, 200 << 20, 150 << 20, null, null, []));

        page.WaitForAssertion(() => Assert.Equal("3", Value(page, "job-images-done")));
        Assert.Equal((150L << 20).ToString(), Value(page, "job-bytes-done"));
        Assert.Equal("150.0 MiB", Text(page, "job-bytes-done"));
    }

    [Fact]
    public async Task ShareProgress_ShowsTheLinkOnceWithACopyButton()
    {
        var id = await Dashboard.AddMigrationAsync(JobStatus.Running, 1, 4, 100, null);
        var page = Render<MigrationPage>(p => p.Add(x => x.Id, id));
        page.WaitForElement("[data-testid=job-share]").Click();

        var url = page.WaitForElement("[data-testid=share-url]").TextContent;
        var token = url[(url.IndexOf("/share/", StringComparison.Ordinal) + "/share/".Length)..];
        Assert.Equal(id, await Dashboard.ShareLinks.ResolveAsync(token));
        Assert.Single(page.FindAll("[data-testid=share-link]"));

        var copy = page.Find("[data-testid=share-copy]");
        Assert.Equal("Copy the share link", copy.GetAttribute("aria-label"));
        copy.Click();

        Assert.Equal(url, JSInterop.VerifyInvoke("navigator.clipboard.writeText").Arguments[0]);
        page.WaitForAssertion(() => Assert.Equal("Copied.", Text(page, "share-copy-result")));

        // Nothing named "Close" near a link: hiding it says so, and the link keeps working.
        Assert.DoesNotContain("aria-label=\"Close\"", page.Find("[data-testid=share-new]").OuterHtml);
        page.Find("[data-testid=share-hide]").Click();
        Assert.Empty(page.FindAll("[data-testid=share-url]"));
        Assert.Equal(id, await Dashboard.ShareLinks.ResolveAsync(token));
    }

    [Fact]
    public async Task Copy_WhereTheBrowserRefusesTheClipboard_SaysToCopyByHand()
    {
        JSInterop.SetupVoid("navigator.clipboard.writeText", _ => true).SetException(new JSException("navigator.clipboard is undefined"));
        var id = await Dashboard.AddMigrationAsync(JobStatus.Running, 1, 4, 100, null);
        var page = Render<MigrationPage>(p => p.Add(x => x.Id, id));
        page.WaitForElement("[data-testid=job-share]").Click();

        page.WaitForElement("[data-testid=share-copy]").Click();

        page.WaitForAssertion(() => Assert.Contains("select the link and copy it yourself", Text(page, "share-copy-result")));
    }

    [Fact]
    public async Task Revoke_AsksFirst_AndKeepsTheLinkWhenTheAnswerIsNo()
    {
        var id = await Dashboard.AddMigrationAsync(JobStatus.Running, 1, 4, 100, null);
        var (_, token) = await Dashboard.ShareLinks.CreateAsync(id);
        var dialogs = Render<MudDialogProvider>();
        var page = Render<MigrationPage>(p => p.Add(x => x.Id, id));

        var revoke = page.WaitForElement("[data-testid=share-revoke]");
        Assert.Equal("Revoke", revoke.TextContent.Trim());
        revoke.Click();
        dialogs.WaitForElement("[data-testid=share-revoke-cancel]").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=share-revoke-confirm]")));
        Assert.Single(page.FindAll("[data-testid=share-link]"));
        Assert.Equal(id, await Dashboard.ShareLinks.ResolveAsync(token));

        page.Find("[data-testid=share-revoke]").Click();
        dialogs.WaitForElement("[data-testid=share-revoke-confirm]").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=share-link]")));
        Assert.Null(await Dashboard.ShareLinks.ResolveAsync(token));
    }

    private static string Text(IRenderedComponent<MigrationPage> page, string testId) => page.Find($"[data-testid={testId}]").TextContent.Trim();

    private static string? Value(IRenderedComponent<MigrationPage> page, string testId) => page.Find($"[data-testid={testId}]").GetAttribute("data-value");
}
