using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Web.Data;
using Web.Features.Connections;
using Web.Features.Migrations;
using Web.Tests.Connections;

namespace Web.Tests.Migrations;

public sealed class JobsAndWizardPageTests : DashboardTestContext
{

    public JobsAndWizardPageTests()
    {
        Use(Dashboard.Migrations);
        Use(Dashboard.Connections);
        Use(Dashboard.Plans);
    }


    [Fact]
    public void JobsList_Empty()
    {
        var page = Render<MigrationsPage>();
        page.WaitForAssertion(() => Assert.Contains("No migrations yet", page.Find("[data-testid=jobs-empty]").TextContent));
    }

    [Fact]
    public async Task JobsList_ShowsHistoryWithStatusCountsAndBytes()
    {
        await using (var db = await Dashboard.Provider.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync())
        {
            db.Migrations.Add(new MigrationEntity
            {
                SourceName = "old", TargetName = "harbor", OptionsJson = "{}", Status = JobStatus.Failed, CreatedAt = DateTimeOffset.UtcNow.AddMinutes(-3),
                FinishedAt = DateTimeOffset.UtcNow, ImagesTotal = 10, ImagesDone = 10, ImagesFailed = 2, BytesDone = 4096, Verified = false,
            });
            await db.SaveChangesAsync();
        }

        var page = Render<MigrationsPage>();

        page.WaitForAssertion(() => Assert.Contains("old → harbor", page.Find("[data-testid=jobs-table]").TextContent));
        Assert.Contains("Failed", page.Markup);
        Assert.Contains("10 / 10", page.Markup);
        Assert.Contains("4.0 KiB", page.Find("[data-testid=jobs-table]").TextContent);
        Assert.Equal("4096", page.Find("[data-testid=jobs-bytes-done]").GetAttribute("data-value"));
        Assert.Equal("Failed", page.Find("[data-testid=jobs-verification]").TextContent);
    }

    [Fact]
    public void Wizard_WithoutConnections_SaysWhatIsNeeded()
    {
        var page = Render<NewMigrationPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=migration-needs-connections]")));
    }

    [Fact]
    public async Task Wizard_PlanWithASourceThatIsNotARegistry_ShowsTheReason()
    {
        var folder = Directory.CreateTempSubdirectory("wizard-").FullName;
        await Dashboard.Connections.AddAsync(new ConnectionForm { Name = "old", Location = folder });
        await Dashboard.Connections.AddAsync(new ConnectionForm
        {
            Name = "harbor", Role = ConnectionRole.Target, Location = $"http://127.0.0.1:{Registry.Testing.FreePort.Next()}", Username = "admin", Password = "x",
        });

        var page = Render<NewMigrationPage>();
        page.WaitForElement("[data-testid=migration-plan-button]").Click();

        page.WaitForAssertion(() => Assert.Contains("not a registry storage folder", page.Find("[data-testid=migration-error]").TextContent), TimeSpan.FromSeconds(30));
        Directory.Delete(folder, true);
    }

    [Fact]
    public async Task Wizard_BandwidthCap_ShowsWhatItReadsAndRefusesWhatItCannot()
    {
        await Dashboard.Connections.AddAsync(new ConnectionForm { Name = "old", Location = "/srv/registry" });
        await Dashboard.Connections.AddAsync(new ConnectionForm
        {
            Name = "harbor", Role = ConnectionRole.Target, Location = "http://127.0.0.1:9", Username = "admin", Password = "x",
        });
        var page = Render<NewMigrationPage>();
        var cap = page.WaitForElement("input[data-testid=wizard-cap], [data-testid=wizard-cap] input");
        Assert.Equal("64", page.Find("input[data-testid=wizard-concurrency], [data-testid=wizard-concurrency] input").GetAttribute("value"));
        Assert.Contains("found automatically up to this", page.Markup);

        cap.Input("100 MB");
        page.WaitForAssertion(() => Assert.Contains("= 95.4 MiB/s", page.Markup));

        page.Find("input[data-testid=wizard-cap], [data-testid=wizard-cap] input").Input("lots");
        page.Find("[data-testid=migration-start-button]").Click();
        page.WaitForAssertion(() => Assert.Contains("'lots' is not a bandwidth cap", page.Find("[data-testid=migration-error]").TextContent));
        Assert.Empty(await Dashboard.Migrations.ListAsync());
    }
}
