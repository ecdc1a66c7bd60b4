using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using Web.Data;
using Web.Features.Connections;

namespace Web.Tests.Connections;

public sealed class ConnectionsPageTests : DashboardTestContext
{

    public ConnectionsPageTests()
    {
        Use(Dashboard.Connections);
        Use(Dashboard.Tester);
    }


    [Fact]
    public void Empty_SaysWhatToAdd()
    {
        var page = Render<ConnectionsPage>();
        page.WaitForAssertion(() => Assert.Contains("No connections yet", page.Find("[data-testid=connections-empty]").TextContent));
    }

    [Fact]
    public async Task Data_ListsConnectionsWithoutSecrets()
    {
        await Dashboard.Connections.AddAsync(new ConnectionForm { Name = "old", Location = "/var/lib/registry" });
        await Dashboard.Connections.AddAsync(new ConnectionForm
        {
            Name = "harbor", Role = ConnectionRole.Target, Location = "https://harbor.example.com", Username = "robot$ci", Password = "top-secret-1",
        });

        var page = Render<ConnectionsPage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=connections-table] tbody tr").Count));
        Assert.Contains("Storage folder", page.Markup);
        Assert.Contains("Harbor", page.Markup);
        Assert.DoesNotContain("top-secret-1", page.Markup);
    }

    [Fact]
    public async Task IconButtons_SayWhichConnectionTheyActOn()
    {
        await Dashboard.Connections.AddAsync(new ConnectionForm { Name = "old", Location = "/var/lib/registry" });

        var page = Render<ConnectionsPage>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("button[aria-label='Delete old']")));
    }

    [Fact]
    public void Error_IsShownWhenTheDatabaseCannotBeRead()
    {
        File.WriteAllText(Dashboard.DatabaseFile, "this is not a database");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        var page = Render<ConnectionsPage>();

        page.WaitForAssertion(() => Assert.Contains("Could not read the saved connections", page.Find("[data-testid=connections-error]").TextContent));
    }

    [Fact]
    public void Save_AFolderThatIsThere_IsCheckedSavedAndWhatWasFoundShown()
    {
        var folder = Directory.CreateTempSubdirectory("storage-").FullName;
        Directory.CreateDirectory(Path.Combine(folder, "docker", "registry", "v2", "repositories"));
        var (page, dialogs) = OpenAddDialog();

        Fill(dialogs, "connection-name", "old");
        Fill(dialogs, "connection-location", folder);
        dialogs.Find("[data-testid=connection-save]").Click();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=connections-table] tbody tr")));
        Assert.Equal("old: 0 repositories · untagged manifests can be listed", page.Find("[data-testid=connection-test-result]").TextContent.Trim());
        Assert.Empty(dialogs.FindAll("[data-testid=connection-name]"));
        Directory.Delete(folder, true);
    }

    [Fact]
    public async Task Save_APathWithATypo_SaysWhyAndSavesOnlyWhenToldTo()
    {
        var (page, dialogs) = OpenAddDialog();
        Fill(dialogs, "connection-name", "typo");
        Fill(dialogs, "connection-location", "/var/lib/regsitry");

        dialogs.Find("[data-testid=connection-save]").Click();

        dialogs.WaitForAssertion(() => Assert.Contains("'/var/lib/regsitry' does not exist", dialogs.Find("[data-testid=connection-check-failed]").TextContent));
        Assert.Empty(await Dashboard.Connections.ListAsync());

        // Fixing the field and saving checks again; here the user keeps it as it is, as for a registry that is down today.
        dialogs.Find("[data-testid=connection-save-anyway]").Click();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=connections-table] tbody tr")));
        Assert.Equal("/var/lib/regsitry", Assert.Single(await Dashboard.Connections.ListAsync()).Location);
        Assert.Contains("typo: source '/var/lib/regsitry' does not exist", page.Find("[data-testid=connection-test-result]").TextContent);
    }

    [Fact]
    public async Task Edit_PrefillsTheForm_AndAnEmptyPasswordKeepsTheSavedOne()
    {
        const string secret = "top-secret-2";
        var saved = await Dashboard.Connections.AddAsync(new ConnectionForm
        {
            Name = "harbor", Role = ConnectionRole.Target, Location = "http://127.0.0.1:1", Username = "admin", Password = secret,
        });
        var page = Render<ConnectionsPage>();
        var dialogs = Render<MudDialogProvider>();

        page.WaitForElement("button[aria-label='Edit harbor']").Click();

        dialogs.WaitForAssertion(() => Assert.Equal("http://127.0.0.1:1", Input(dialogs, "connection-location").GetAttribute("value")));
        Assert.Equal("harbor", Input(dialogs, "connection-name").GetAttribute("value"));
        Assert.Equal("admin", Input(dialogs, "connection-username").GetAttribute("value"));
        Assert.True(string.IsNullOrEmpty(Input(dialogs, "connection-password").GetAttribute("value")));
        Assert.Contains("leave empty to keep it", dialogs.Markup);
        Assert.DoesNotContain(secret, dialogs.Markup);

        Fill(dialogs, "connection-name", "harbor-prod");
        dialogs.Find("[data-testid=connection-save]").Click();
        dialogs.WaitForElement("[data-testid=connection-save-anyway]").Click();

        page.WaitForAssertion(() => Assert.Contains("harbor-prod", page.Find("[data-testid=connections-table]").TextContent));
        var (entity, registry) = await Dashboard.Connections.OpenAsync(saved.Id);
        Assert.Equal(("harbor-prod", "admin", secret), (entity.Name, registry!.Username, registry.Password));
        Assert.Single(await Dashboard.Connections.ListAsync());
    }

    [Fact]
    public async Task Delete_AsksFirst_NamingTheConnection()
    {
        await Dashboard.Connections.AddAsync(new ConnectionForm { Name = "old", Location = "/var/lib/registry" });
        var page = Render<ConnectionsPage>();
        var dialogs = Render<MudDialogProvider>();

        page.WaitForElement("button[aria-label='Delete old']").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Delete the connection old?", dialogs.Find("[data-testid=delete-dialog]").TextContent));
        dialogs.Find("[data-testid=delete-cancel]").Click();
        Assert.Single(await Dashboard.Connections.ListAsync());

        page.Find("button[aria-label='Delete old']").Click();
        dialogs.WaitForElement("[data-testid=delete-confirm]").Click();

        page.WaitForAssertion(() => Assert.Contains("No connections yet", page.Find("[data-testid=connections-empty]").TextContent));
        Assert.Empty(await Dashboard.Connections.ListAsync());
    }

    [Fact]
    public async Task TestResult_HasASpaceAfterTheName()
    {
        await Dashboard.Connections.AddAsync(new ConnectionForm { Name = "typo", Location = "/var/lib/regsitry" });
        var page = Render<ConnectionsPage>();

        page.WaitForElement("[data-testid=connection-test-typo]").Click();

        page.WaitForAssertion(() => Assert.StartsWith("typo: source '/var/lib/regsitry'", page.Find("[data-testid=connection-test-result]").TextContent.Trim()));
    }

    private (IRenderedComponent<ConnectionsPage> Page, IRenderedComponent<MudDialogProvider> Dialogs) OpenAddDialog()
    {
        var page = Render<ConnectionsPage>();
        var dialogs = Render<MudDialogProvider>();
        page.WaitForElement("[data-testid=connections-add-button]").Click();
        dialogs.WaitForElement("[data-testid=connection-name]");
        return (page, dialogs);
    }

    // MudBlazor puts extra attributes on the <input> of a text field; accept either place.
    private static AngleSharp.Dom.IElement Input(IRenderedComponent<MudDialogProvider> dialogs, string testId) =>
        dialogs.Find($"input[data-testid={testId}], [data-testid={testId}] input");

    private static void Fill(IRenderedComponent<MudDialogProvider> dialogs, string testId, string value) => Input(dialogs, testId).Change(value);
}
