using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Migration.Engine.Inventory;
using MudBlazor.Services;
using Web.Data;
using Web.Features.Inventory;
using Web.Tests.Connections;

namespace Web.Tests.Inventory;

public sealed class InventoryPageTests : DashboardTestContext
{

    public InventoryPageTests()
    {
        Use(Dashboard.Connections);
        Use(Dashboard.Scans);
        Use(Dashboard.ScanFeed);
        Use(Dashboard.Provider.GetRequiredService<InventoryQuery>());
    }


    private async Task<int> AddScanAsync(JobStatus status, SourceInventory? inventory = null, string? error = null, int done = 0, int total = 0)
    {
        await using var db = await Dashboard.Provider.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        var scan = new ScanEntity
        {
            SourceName = "old", Status = status, CreatedAt = DateTimeOffset.UtcNow, Error = error, RepositoriesDone = done, RepositoriesTotal = total,
            Tags = inventory?.Totals.Tags ?? 0, Repositories = inventory?.Totals.Repositories ?? 0, Untagged = inventory?.Totals.Untagged ?? 0,
            Problems = inventory?.Totals.Problems ?? 0,
        };
        db.Scans.Add(scan);
        await db.SaveChangesAsync();
        if (inventory is null) return scan.Id;
        // Stored the way a scan job stores it.
        await using var rows = await InventoryRowWriter.OpenAsync(Dashboard.Provider.GetRequiredService<IDbContextFactory<DashboardDbContext>>(), scan.Id, default);
        foreach (var repository in inventory.Repositories) await rows.AddAsync(repository, default);
        await rows.FinishAsync(inventory.Blobs, inventory.Problems, default);
        return scan.Id;
    }

    private static SourceInventory Inventory() => new()
    {
        Source = "/srv/registry", ScannedAt = DateTimeOffset.UtcNow,
        Repositories =
        [
            new InventoryRepository("team/app",
                [new InventoryImage { Tag = "1", Digest = "sha256:" + new string('a', 64), MediaType = "m", Kind = "index", Platforms = ["linux/amd64", "linux/arm64"], Size = 2048 }],
                [new InventoryImage { Digest = "sha256:" + new string('b', 64), MediaType = "m", Kind = "image", Size = 100 }]),
            new InventoryRepository("old/thing",
                [new InventoryImage { Tag = "v1", Digest = "sha256:" + new string('c', 64), MediaType = "m", Kind = "schema1", ProblemCodes = [ProblemCodes.Schema1] }],
                []),
        ],
        Blobs = [],
        Problems = [new InventoryProblem(ProblemCodes.Schema1, "old/thing", "v1", "old/thing:v1 is a schema1 manifest")],
        Totals = new InventoryTotals(1, 1, 1, 3, 2, 3000, 2148, 1),
    };

    [Fact]
    public async Task LargeInventory_PutsOnePageOfRowsIntoThePage_AndSearchesAllOfThem()
    {
        // 20,000 tags in 200 repositories.
        var repositories = Enumerable.Range(0, 200).Select(r => new InventoryRepository($"team-{r:000}/app",
            Enumerable.Range(0, 100).Select(t => new InventoryImage
            {
                Tag = $"v{t}", Digest = $"sha256:{r * 1000 + t:x64}", MediaType = "m", Kind = "image", Size = 1000 + r,
            }).ToList(), [])).ToList();
        var inventory = new SourceInventory
        {
            Source = "/srv/registry", ScannedAt = DateTimeOffset.UtcNow, Repositories = repositories, Blobs = [], Problems = [],
            Totals = new InventoryTotals(200, 20_000, 0, 0, 20_000, 20_000_000, 20_000_000, 0),
        };
        var id = await AddScanAsync(JobStatus.Succeeded, inventory);

        var page = Render<InventoryPage>(p => p.Add(x => x.ScanId, id));

        page.WaitForAssertion(() => Assert.Equal("20000", page.Find("[data-testid=inventory-tag-count]").TextContent));
        Assert.InRange(page.FindAll("[data-testid=inventory-grid] tbody tr").Count, 1, 60);
        Assert.Contains("team-000/app (100 tags)", page.Find("[data-testid=inventory-grid] tbody").TextContent);

        // Search: the database finds the rows (a LIKE over the scan's rows), the page still holds one page of them.
        Dashboard.Sql.Clear();
        page.Find("input[data-testid=inventory-search], [data-testid=inventory-search] input").Input("team-173/app");
        page.WaitForAssertion(() => Assert.Contains("team-173/app", page.Find("[data-testid=inventory-grid] tbody").TextContent), TimeSpan.FromSeconds(5));
        Assert.DoesNotContain("team-000/app", page.Find("[data-testid=inventory-grid] tbody").TextContent);
        Assert.InRange(page.FindAll("[data-testid=inventory-grid] tbody tr").Count, 1, 60);
        Assert.Contains(Dashboard.Sql.Statements, q => q.Contains("FROM \"ScanImages\"") && q.Contains(" LIKE ") && q.Contains("LIMIT"));

        // Clearing it brings back the first page of everything.
        page.Find("input[data-testid=inventory-search], [data-testid=inventory-search] input").Input("");
        page.WaitForAssertion(() => Assert.Contains("team-000/app", page.Find("[data-testid=inventory-grid] tbody").TextContent), TimeSpan.FromSeconds(5));

        // Sort by size, largest first, while grouped by repository: the database orders by repository, then size.
        Dashboard.Sql.Clear();
        ClickHeader(page, "Size");
        ClickHeader(page, "Size");
        page.WaitForAssertion(() => Assert.Contains(Dashboard.Sql.Statements, q => q.Contains("FROM \"ScanImages\"") &&
            q.Contains("ORDER BY \"s\".\"Repository\", \"s\".\"Size\" DESC")), TimeSpan.FromSeconds(5));

        // Ungrouped, the largest tags of all 20,000 come first: those of the last repository.
        Dashboard.Sql.Clear();
        page.Find("input[data-testid=inventory-group], [data-testid=inventory-group] input").Change(false);
        page.WaitForAssertion(() => Assert.StartsWith("team-199/app", page.Find("[data-testid=inventory-grid] tbody tr td").TextContent), TimeSpan.FromSeconds(5));
        Assert.Contains(Dashboard.Sql.Statements, q => q.Contains("ORDER BY \"s\".\"Size\" DESC"));
        Assert.InRange(page.FindAll("[data-testid=inventory-grid] tbody tr").Count, 1, 60);
    }

    private static void ClickHeader(IRenderedComponent<InventoryPage> page, string title) =>
        page.FindAll("[data-testid=inventory-grid] th").First(th => th.TextContent.Contains(title))
            .QuerySelector(".sortable-column-header")!.Click();

    [Fact]
    public async Task Open_WithoutAScan_ShowsTheNewestResult_WithTheNextStepAndEveryScanAClickAway()
    {
        await AddScanAsync(JobStatus.Failed, error: "an earlier typo");
        var newest = await AddScanAsync(JobStatus.Succeeded, Inventory());

        var page = Render<InventoryPage>();

        page.WaitForAssertion(() => Assert.Equal("1", page.Find("[data-testid=inventory-tag-count]").TextContent));
        Assert.StartsWith($"Scan #{newest} of old", page.Find("[data-testid=inventory-scan-caption]").TextContent);
        Assert.Equal("inventory/scans", page.Find("[data-testid=inventory-all-scans]").GetAttribute("href"));
        Assert.Contains("All scans (2)", page.Find("[data-testid=inventory-all-scans]").TextContent);
        Assert.Equal("projects", page.Find("[data-testid=inventory-next]").GetAttribute("href"));
        Assert.Contains("Next: create the Harbor projects", page.Find("[data-testid=inventory-next]").TextContent);
    }

    [Fact]
    public async Task ScanEnds_ThenTheNextStepIsOffered()
    {
        var id = await AddScanAsync(JobStatus.Running, done: 1, total: 2);
        var page = Render<InventoryPage>();
        page.WaitForAssertion(() => Assert.Equal("Running", page.Find("[data-testid=job-status]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=inventory-next]"));

        await using (var db = await Dashboard.Provider.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync())
            await db.Scans.Where(s => s.Id == id).ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, JobStatus.Succeeded));
        Dashboard.ScanFeed.Publish($"scan:{id}", new ScanUpdate(id, JobStatus.Succeeded, 2, 2));

        page.WaitForAssertion(() => Assert.Equal("projects", page.Find("[data-testid=inventory-next]").GetAttribute("href")));
    }

    [Fact]
    public async Task ScansPage_ListsEveryScan()
    {
        var first = await AddScanAsync(JobStatus.Failed, error: "an earlier typo");
        var second = await AddScanAsync(JobStatus.Succeeded, Inventory());

        var page = Render<ScansPage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=inventory-scans] tbody tr").Count));
        Assert.Contains(page.FindAll("a"), a => a.GetAttribute("href") == $"inventory/{first}");
        Assert.Contains(page.FindAll("a"), a => a.GetAttribute("href") == $"inventory/{second}");
    }

    [Fact]
    public void Empty_SaysHowToStart()
    {
        var page = Render<InventoryPage>();
        page.WaitForAssertion(() => Assert.Contains("No scans yet", page.Find("[data-testid=inventory-empty]").TextContent));
    }

    [Fact]
    public async Task Data_ShowsTotalsRowsAndProblems()
    {
        var id = await AddScanAsync(JobStatus.Succeeded, Inventory());

        var page = Render<InventoryPage>(p => p.Add(x => x.ScanId, id));

        page.WaitForAssertion(() => Assert.Equal("1", page.Find("[data-testid=inventory-tag-count]").TextContent));
        Assert.Equal("1", page.Find("[data-testid=inventory-repo-count]").TextContent);
        Assert.Equal("1", page.Find("[data-testid=inventory-untagged-count]").TextContent);
        Assert.Equal("1", page.Find("[data-testid=inventory-problem-count]").TextContent);
        Assert.Contains("linux/amd64, linux/arm64", page.Markup);
        Assert.Contains("aaaaaaaaaaaa", page.Markup);
        Assert.Contains("schema1 manifest", page.Find("[data-testid=inventory-problems]").TextContent);
        Assert.Contains("schema1 — will be converted", page.Find("[data-testid=inventory-grid]").TextContent);
    }

    [Fact]
    public async Task Untagged_ShowsAChipAndItsDigest_NotTheWordAsATag()
    {
        var id = await AddScanAsync(JobStatus.Succeeded, Inventory());

        var page = Render<InventoryPage>(p => p.Add(x => x.ScanId, id));

        var chip = page.WaitForElement("[data-testid=inventory-untagged-chip]");
        Assert.Equal("untagged", chip.TextContent.Trim());
        var cell = chip.Closest("td")!;
        Assert.Contains("bbbbbbbbbbbb", cell.QuerySelector("code")!.TextContent);
        Assert.Single(page.FindAll("[data-testid=inventory-untagged-chip]"));
        // The tagged rows keep their plain tag text.
        Assert.Contains(page.FindAll("[data-testid=inventory-grid] tbody td"), td => td.TextContent.Trim() == "v1");
    }

    [Fact]
    public async Task GroupedByRepository_NamesEachRepositoryOnceInItsHeader()
    {
        var id = await AddScanAsync(JobStatus.Succeeded, Inventory());

        var page = Render<InventoryPage>(p => p.Add(x => x.ScanId, id));

        page.WaitForAssertion(() => Assert.Contains("team/app (1 tags, 1 untagged)", page.Find("[data-testid=inventory-grid] tbody").TextContent));
        Assert.Equal(1, Occurrences(page.Find("[data-testid=inventory-grid] tbody").TextContent, "team/app"));
        Assert.Equal(1, Occurrences(page.Find("[data-testid=inventory-grid] tbody").TextContent, "old/thing"));
        Assert.DoesNotContain(page.FindAll("[data-testid=inventory-grid] thead th"), th => th.TextContent.Contains("Repository"));

        // Ungrouped, each row says which repository it is in.
        page.Find("input[data-testid=inventory-group], [data-testid=inventory-group] input").Change(false);
        page.WaitForAssertion(() => Assert.Equal(2, Occurrences(page.Find("[data-testid=inventory-grid] tbody").TextContent, "team/app")));
        Assert.Contains(page.FindAll("[data-testid=inventory-grid] thead th"), th => th.TextContent.Contains("Repository"));
    }

    private static int Occurrences(string text, string value) => (text.Length - text.Replace(value, "").Length) / value.Length;

    [Fact]
    public async Task Error_ShowsWhyTheScanFailed()
    {
        var id = await AddScanAsync(JobStatus.Failed, error: "'/x' is not a registry storage folder");

        var page = Render<InventoryPage>(p => p.Add(x => x.ScanId, id));

        page.WaitForAssertion(() => Assert.Contains("not a registry storage folder", page.Find("[data-testid=inventory-error]").TextContent));
    }

    [Fact]
    public async Task Running_ShowsProgressAndMovesWithPublishedUpdates()
    {
        var id = await AddScanAsync(JobStatus.Running, done: 1, total: 4);

        var page = Render<InventoryPage>(p => p.Add(x => x.ScanId, id));
        page.WaitForAssertion(() => Assert.Equal("Running", page.Find("[data-testid=job-status]").TextContent));
        Assert.Contains("1 of 4 repositories", page.Markup);

        Dashboard.ScanFeed.Publish($"scan:{id}", new ScanUpdate(id, JobStatus.Running, 3, 4));

        page.WaitForAssertion(() => Assert.Contains("3 of 4 repositories", page.Markup));
    }
}
