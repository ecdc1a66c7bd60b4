using System.Text.RegularExpressions;
using HarborDouble;
using Microsoft.Playwright;
using Registry.Testing;

namespace Web.Tests.EndToEnd;

/// <summary>
/// The main journey once, as a person does it, in Debian's Chromium driven by Playwright: add the connections, scan,
/// create the missing projects, migrate, share the running job with a teammate who has no session and watch it there,
/// see the job succeed and verify, reload and see the numbers hold. Then search everything the app wrote or showed
/// for the passwords it was given. Every page is checked on the way (<see cref="PageChecks"/>): nothing requested from
/// another host, no failed response it did not ask for, no console error, no serious accessibility violation, no label
/// cut off, screenshots at a desktop and a phone width in TestResults/screenshots (the README shows them, from
/// docs/screenshots). The app's log must hold no warning of a static file missing from its manifest or of a query
/// without an order.
/// </summary>
public sealed class MainJourneyTests
{
    [Fact]
    public async Task Journey_AddConnectionsScanCreateProjectsMigrateAndVerify()
    {
        await using var registry = await RegistryProcess.StartAsync();
        using (var push = new ImagePusher(registry.BaseUri))
        {
            var shared = new LayerSpec(11, 30_000);
            await push.PushImageAsync("team-a/app", "1.0", new ImageSpec([shared, new LayerSpec(12, 8_000)]));
            await push.PushImageAsync("team-a/app", "1.1", new ImageSpec([shared, new LayerSpec(13, 8_000)]));
            await push.PushImageAsync("nginx", "stable", new ImageSpec([shared]));
        }
        await using var harbor = await HarborDoubleServer.StartAsync(new HarborDoubleOptions
        {
            FailedLoginDelay = TimeSpan.FromMilliseconds(20), AdminPassword = HarborPassword,
        });
        await using var app = new DashboardProcess();
        await app.StartAsync();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await DebianChromium.LaunchAsync(playwright);
        var checks = new PageChecks(app.BaseUri);
        await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });
        checks.Watch(context);
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        // Expectations wait as long as actions do: on a loaded 2-core CI machine a scan's page can take more than 5 s.
        Assertions.SetDefaultExpectTimeout(30_000);
        var url = app.BaseUri.ToString();
        var rendered = new List<string>();

        // 0. Sign in: any page sends a stranger to the sign-in form first.
        await page.GotoAsync(url + "connections");
        await page.WaitForURLAsync("**/login?**");
        await checks.CheckAsync(page, "0-sign-in");
        await page.GetByTestId("login-password").FillAsync(DashboardProcess.AdminPassword);
        await page.GetByTestId("login-submit").ClickAsync();
        await page.WaitForURLAsync(url + "connections");

        // 1. Connections
        await AddConnectionAsync(page, checks, "old registry", null, registry.StorageRoot, null, null);
        await AddConnectionAsync(page, checks, "harbor", "connection-role-target", harbor.BaseUri.ToString(), harbor.AdminUser, harbor.AdminPassword);
        await page.GetByTestId("connection-test-harbor").ClickAsync();
        await Assertions.Expect(page.GetByTestId("connection-test-result")).ToContainTextAsync("/v2/ login works");
        await checks.CheckAsync(page, "1-connections");
        rendered.Add(await page.ContentAsync());

        // 2. Scan
        await page.GotoAsync(url + "inventory");
        await page.GetByTestId("inventory-scan-button").ClickAsync();
        await Assertions.Expect(page.GetByTestId("inventory-tag-count")).ToHaveTextAsync("3");
        await Assertions.Expect(page.GetByTestId("inventory-repo-count")).ToHaveTextAsync("2");
        await checks.CheckAsync(page, "2-inventory");
        rendered.Add(await page.ContentAsync());

        // 3. Projects, reached as a new user would: from the finished scan's "Next" button.
        await page.GetByTestId("inventory-next").ClickAsync();
        await page.WaitForURLAsync(url + "projects");
        await page.GetByTestId("projects-check-button").ClickAsync();
        await Assertions.Expect(page.GetByTestId("projects-missing-count")).ToHaveTextAsync("1");
        await page.GetByTestId("projects-create-button").ClickAsync();
        await page.GetByTestId("create-projects-confirm").ClickAsync();
        await Assertions.Expect(page.GetByTestId("projects-missing-count")).ToHaveTextAsync("0");
        await checks.CheckAsync(page, "3-projects");
        rendered.Add(await page.ContentAsync());

        // Back on Inventory, the newest scan's result, not a list of scans.
        await page.GotoAsync(url + "inventory");
        await Assertions.Expect(page.GetByTestId("inventory-tag-count")).ToHaveTextAsync("3");
        await page.GotoAsync(url + "projects");
        await Assertions.Expect(page.GetByTestId("projects-missing-count")).ToHaveTextAsync("0");

        // 4. Migrate, holding manifest pushes at the target so the job is seen running.
        await page.GetByTestId("projects-next").ClickAsync();
        await page.WaitForURLAsync(url + "migrations/new");
        await page.GetByTestId("migration-plan-button").ClickAsync();
        await Assertions.Expect(page.GetByTestId("plan-images")).ToHaveTextAsync("3");
        await checks.CheckAsync(page, "4-new-migration");
        rendered.Add(await page.ContentAsync());
        var hold = harbor.HoldManifestPuts();
        await page.GetByTestId("migration-start-button").ClickAsync();
        await page.WaitForURLAsync("**/jobs/*");
        await Assertions.Expect(page.GetByTestId("job-status")).ToHaveTextAsync("Running", new() { Timeout = 30_000 });
        // Not verified yet is not "false": the state says what is going on.
        await Assertions.Expect(page.GetByTestId("job-verification-state")).ToHaveAttributeAsync("data-value", "pending");
        await Assertions.Expect(page.GetByTestId("job-verification-state")).ToContainTextAsync("Pending");

        // 4a. Share it: a teammate's browser, with no session, watches the same job live.
        await page.GetByTestId("job-share").ClickAsync();
        var shareUrl = (await page.GetByTestId("share-url").TextContentAsync())!.Trim();
        await using var teammate = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });
        checks.Watch(teammate);
        var sharePage = await teammate.NewPageAsync();
        sharePage.SetDefaultTimeout(30_000);
        await sharePage.GotoAsync(shareUrl);
        await Assertions.Expect(sharePage.GetByTestId("job-status")).ToHaveTextAsync("Running");
        await Assertions.Expect(sharePage.GetByTestId("job-images-total")).ToHaveTextAsync("3");
        Assert.Equal(0, await sharePage.Locator("button").CountAsync());
        // Registry host names only: never the machine a worker runs on.
        Assert.DoesNotMatch($@"\b{Regex.Escape(Environment.MachineName)}\b", await sharePage.Locator("body").InnerTextAsync());
        hold.SetResult();
        await Assertions.Expect(sharePage.GetByTestId("job-status")).ToHaveTextAsync("Succeeded", new() { Timeout = 90_000 });
        await Assertions.Expect(sharePage.GetByTestId("job-verified")).ToHaveAttributeAsync("data-value", "true");
        await Assertions.Expect(sharePage.GetByTestId("job-images-done")).ToHaveTextAsync("3");
        await checks.CheckAsync(sharePage, "6-share");
        rendered.Add(await sharePage.ContentAsync());

        await Assertions.Expect(page.GetByTestId("job-status")).ToHaveTextAsync("Succeeded", new() { Timeout = 90_000 });
        await Assertions.Expect(page.GetByTestId("job-verified")).ToHaveAttributeAsync("data-value", "true");
        await Assertions.Expect(page.GetByTestId("job-images-done")).ToHaveTextAsync("3");
        Assert.Equal(await sharePage.GetByTestId("job-bytes-done").GetAttributeAsync("data-value"), await page.GetByTestId("job-bytes-done").GetAttributeAsync("data-value"));
        var bytes = await page.GetByTestId("job-bytes-done").GetAttributeAsync("data-value");
        // People read sizes with units; scripts read the plain figure.
        await Assertions.Expect(page.GetByTestId("job-bytes-done")).ToHaveTextAsync(new Regex(@"^\d+(\.\d+)? (B|KiB|MiB|GiB)$"));
        Assert.DoesNotMatch($@"\b{Regex.Escape(Environment.MachineName)}\b", await sharePage.Locator("body").InnerTextAsync());
        await checks.CheckAsync(page, "5-job");
        rendered.Add(await page.ContentAsync());

        // 4b. Revoked, the link is a plain 404.
        checks.ExpectFailure(shareUrl);
        await page.GetByTestId("share-revoke").First.ClickAsync();
        await page.GetByTestId("share-revoke-confirm").ClickAsync();
        await Assertions.Expect(page.GetByTestId("share-link")).ToHaveCountAsync(0);
        Assert.Equal(404, (await sharePage.GotoAsync(shareUrl))!.Status);

        // 5. Reload: the numbers come from the database and hold.
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByTestId("job-status")).ToHaveTextAsync("Succeeded");
        await Assertions.Expect(page.GetByTestId("job-images-total")).ToHaveTextAsync("3");
        await Assertions.Expect(page.GetByTestId("job-bytes-done")).ToHaveAttributeAsync("data-value", bytes!);
        await Assertions.Expect(page.GetByTestId("job-verified")).ToHaveAttributeAsync("data-value", "true");
        Assert.NotNull(harbor.FindDigest("library/nginx", "stable"));
        rendered.Add(await page.ContentAsync());

        // 6. No secret it was given shows up in what it logged, stored or rendered.
        await page.GotoAsync(url + "settings");
        await Assertions.Expect(page.GetByTestId("token-list")).ToContainTextAsync(DashboardProcess.ApiToken[^4..]);
        await checks.CheckAsync(page, "7-settings");
        await page.GotoAsync(url);
        await Assertions.Expect(page.GetByTestId("overview-run")).ToContainTextAsync("Succeeded");
        await Assertions.Expect(page.GetByTestId("overview-projects")).ToContainTextAsync("All 2 exist in harbor");
        await checks.CheckAsync(page, "8-overview");
        await page.GotoAsync(url + "plans");
        await Assertions.Expect(page.GetByTestId("plans-empty")).ToBeVisibleAsync();
        await checks.CheckAsync(page, "9-plans");
        rendered.Add(await page.ContentAsync());
        Assert.True(checks.ForeignRequests.Count == 0, "requests to other hosts:\n" + string.Join('\n', checks.ForeignRequests));
        Assert.True(checks.Violations.Count == 0, "serious accessibility violations:\n" + string.Join('\n', checks.Violations));
        Assert.True(checks.FailedResponses.Count == 0, "failed responses:\n" + string.Join('\n', checks.FailedResponses));
        Assert.True(checks.ConsoleErrors.Count == 0, "browser console errors:\n" + string.Join('\n', checks.ConsoleErrors));
        Assert.True(checks.ClippedLabels.Count == 0, "labels cut off at 1400 px:\n" + string.Join('\n', checks.ClippedLabels));
        // A quiet log: no static file served around the build manifest, no query EF finds ambiguous.
        Assert.DoesNotContain(app.Output, line => line.Contains("was not found in the built time manifest"));
        Assert.DoesNotContain(app.Output, line => Regex.IsMatch(line, "without '?OrderBy'?"));
        app.Kill(); // flushes nothing new, but closes the databases so their files are complete on disk
        SecretsSearch.AssertAbsent([HarborPassword, DashboardProcess.AdminPassword, DashboardProcess.ApiToken],
            ("the app's log", string.Join('\n', app.Output)), ("the rendered pages", string.Join('\n', rendered)));
        // The share token is shown once on the job page by design; it must not be stored or logged.
        var shareToken = shareUrl[(shareUrl.LastIndexOf('/') + 1)..];
        SecretsSearch.AssertAbsent([shareToken], ("the app's log", string.Join('\n', app.Output)));
        SecretsSearch.AssertAbsentFromFiles([HarborPassword, DashboardProcess.AdminPassword, DashboardProcess.ApiToken, shareToken], app.DataFolder);
        Assert.NotEmpty(app.Output);
    }

    private const string HarborPassword = "E2e-Harbor-secret-3390";

    // MudBlazor puts extra attributes on the <input> of a text field; accept either place.
    private static ILocator Field(IPage page, string testId) =>
        page.Locator($"input[data-testid={testId}], [data-testid={testId}] input").First;

    private static async Task AddConnectionAsync(IPage page, PageChecks checks, string name, string? role, string location, string? user, string? password)
    {
        await page.GetByTestId("connections-add-button").ClickAsync();
        await Field(page, "connection-name").FillAsync(name);
        if (role is not null)
        {
            await page.GetByTestId(role).ClickAsync();
            await Assertions.Expect(page.Locator($"[data-testid={role}] input, input[data-testid={role}]").First).ToBeCheckedAsync();
        }
        await Field(page, "connection-location").FillAsync(location);
        if (user is not null) await Field(page, "connection-username").FillAsync(user);
        if (password is not null) await Field(page, "connection-password").FillAsync(password);
        await checks.CheckLabelsAsync(page, $"connection-dialog-{name}");
        await page.GetByTestId("connection-save").ClickAsync();
        await Assertions.Expect(page.GetByText(name, new() { Exact = true })).ToBeVisibleAsync();
        if (role is not null) await Assertions.Expect(page.GetByTestId("connections-table")).ToContainTextAsync("Target");
    }
}
