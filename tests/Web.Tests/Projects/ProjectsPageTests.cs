using Bunit;
using HarborDouble;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using Registry.Testing;
using Web.Data;
using Web.Features.Connections;
using Web.Features.Projects;
using Web.Tests.Connections;

namespace Web.Tests.Projects;

/// <summary>The Projects page against the Harbor double and a scan of a real registry.</summary>
public sealed class ProjectsPageTests : DashboardTestContext, IAsyncLifetime
{
    private HarborDoubleServer _harbor = null!;
    private RegistryProcess _registry = null!;

    public ProjectsPageTests()
    {
        Use(Dashboard.Connections);
        Use(Dashboard.Scans);
        Use(Dashboard.Projects);
    }

    public async Task InitializeAsync()
    {
        _harbor = await HarborDoubleServer.StartAsync(new HarborDoubleOptions { FailedLoginDelay = TimeSpan.FromMilliseconds(20) });
        _registry = await RegistryProcess.StartAsync();
        using var push = new ImagePusher(_registry.BaseUri);
        await push.PushImageAsync("team-a/app", "1", new ImageSpec([new LayerSpec(1, 1000)]));
        await push.PushImageAsync("team-b/api", "1", new ImageSpec([new LayerSpec(2, 1000)]));
        await push.PushImageAsync("nginx", "1", new ImageSpec([new LayerSpec(3, 1000)]));
        await push.PushImageAsync("bad__name/x", "1", new ImageSpec([new LayerSpec(4, 1000)]));
        _harbor.CreateProject("team-b");
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _harbor.DisposeAsync().AsTask().GetAwaiter().GetResult();
            _registry.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        base.Dispose(disposing);
    }

    private async Task ScanAndAddHarborAsync(string password)
    {
        var source = await Dashboard.Connections.AddAsync(new ConnectionForm { Name = "old", Location = _registry.StorageRoot });
        var id = await Dashboard.Scans.StartAsync(source.Id, false);
        await Dashboard.ScanJob.RunAsync(id, CancellationToken.None);
        await Dashboard.Connections.AddAsync(new ConnectionForm
        {
            Name = "harbor", Role = ConnectionRole.Target, Location = _harbor.BaseUri.ToString(), Username = _harbor.AdminUser, Password = password,
        });
    }

    [Fact]
    public void Empty_SaysWhatIsNeeded()
    {
        var page = Render<ProjectsPage>();
        page.WaitForAssertion(() => Assert.Contains("Needs a finished scan", page.Find("[data-testid=projects-empty]").TextContent));
    }

    [Fact]
    public async Task Open_ChecksTheProjectsWithoutAClick()
    {
        await ScanAndAddHarborAsync(_harbor.AdminPassword);

        var page = Render<ProjectsPage>();

        page.WaitForAssertion(() => Assert.Equal("1", page.Find("[data-testid=projects-missing-count]").TextContent), TimeSpan.FromSeconds(10));
        Assert.Equal("1", page.Find("[data-testid=projects-invalid-count]").TextContent);
        Assert.Equal("missing", page.Find("[data-testid=project-status-team-a]").TextContent);
    }

    [Fact]
    public async Task CheckAgain_WithANewRule_ShowsTheNewCounts()
    {
        await ScanAndAddHarborAsync(_harbor.AdminPassword);
        var page = Render<ProjectsPage>();
        page.WaitForAssertion(() => Assert.Equal("1", page.Find("[data-testid=projects-invalid-count]").TextContent), TimeSpan.FromSeconds(10));

        page.Find("[data-testid=projects-rules] textarea, textarea[data-testid=projects-rules]").Change("bad__name=bad-name");
        page.Find("[data-testid=projects-check-button]").Click();

        page.WaitForAssertion(() => Assert.Equal("0", page.Find("[data-testid=projects-invalid-count]").TextContent), TimeSpan.FromSeconds(10));
        Assert.Equal("2", page.Find("[data-testid=projects-missing-count]").TextContent);
    }

    [Fact]
    public async Task Check_ThenCreate_MakesTheMissingProjectsAndShowsEachResult()
    {
        await ScanAndAddHarborAsync(_harbor.AdminPassword);
        var page = Render<ProjectsPage>();
        page.WaitForAssertion(() => Assert.Equal("1", page.Find("[data-testid=projects-missing-count]").TextContent), TimeSpan.FromSeconds(10));
        // A second check, as a person who presses the button anyway, and Create pressed while it runs: the dialog
        // waits for the check, and the check cannot end after the creation.
        // Found and clicked in one go on the renderer: the running check re-renders the page, and a button found before
        // a render is not the one that takes the click (bUnit: "no event handler with ID …").
        await page.InvokeAsync(() => page.Find("[data-testid=projects-check-button]").Click());
        Assert.Equal("exists", page.Find("[data-testid=project-status-team-b]").TextContent);
        Assert.Equal("exists", page.Find("[data-testid=project-status-library]").TextContent);
        Assert.Equal("missing", page.Find("[data-testid=project-status-team-a]").TextContent);
        Assert.Equal("invalid", page.Find("[data-testid=project-status-bad__name]").TextContent);
        Assert.Contains("add the mapping rule bad__name=bad-name", page.Markup);
        Assert.Empty(page.FindAll("[data-testid=projects-next]"));

        var dialogs = Render<MudDialogProvider>();
        await page.InvokeAsync(() => page.Find("[data-testid=projects-create-button]").Click());
        dialogs.WaitForElement("[data-testid=create-projects-confirm]");
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=create-projects-confirm]").Click());

        page.WaitForAssertion(() => Assert.Equal("created", page.Find("[data-testid=project-status-team-a]").TextContent), TimeSpan.FromSeconds(10));
        Assert.Equal("0", page.Find("[data-testid=projects-missing-count]").TextContent);
        // Nothing missing: the page points to the next step, and the Overview knows.
        page.WaitForAssertion(() => Assert.Equal("migrations/new", page.Find("[data-testid=projects-next]").GetAttribute("href")));
        Assert.Equal(("harbor", 0), (Dashboard.Provider.GetRequiredService<LastProjectCheck>().Latest?.Target, Dashboard.Provider.GetRequiredService<LastProjectCheck>().Latest?.Missing));
        using var harbor = new Migration.Engine.Harbor.HarborClient(new Migration.Engine.Registry.RegistryConnection(_harbor.BaseUri)
            { Username = _harbor.AdminUser, Password = _harbor.AdminPassword });
        Assert.True(await harbor.ProjectExistsAsync("team-a", default));
    }

    [Fact]
    public async Task WrongPassword_IsShownAsAnError()
    {
        await ScanAndAddHarborAsync("wrong-password");
        var page = Render<ProjectsPage>();

        page.WaitForAssertion(() => Assert.Contains("wrong username or password", page.Find("[data-testid=projects-error]").TextContent), TimeSpan.FromSeconds(10));
    }
}
