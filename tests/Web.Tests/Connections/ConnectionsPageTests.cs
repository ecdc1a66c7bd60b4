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
}
