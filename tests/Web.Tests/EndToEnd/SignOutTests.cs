using System.Diagnostics;
using Microsoft.Playwright;

namespace Web.Tests.EndToEnd;

/// <summary>
/// Signing out ends the other open pages too, in Chromium: two tabs of one browser signed in, sign out in one, and the
/// other, left alone, stops showing the dashboard and shows the sign-in page within the session check interval (2 s
/// here, 30 s by default).
/// </summary>
public sealed class SignOutTests
{
    private const int SessionCheckSeconds = 2;

    [Fact]
    public async Task SignOut_InOneTab_SendsTheOtherOpenTabToTheSignInPage()
    {
        await using var app = new DashboardProcess();
        app.Environment["Dashboard__SessionCheckSeconds"] = SessionCheckSeconds.ToString();
        await app.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await DebianChromium.LaunchAsync(playwright);
        await using var context = await browser.NewContextAsync();
        context.SetDefaultTimeout(30_000);
        var url = app.BaseUri.ToString();

        var leaving = await context.NewPageAsync();
        await leaving.GotoAsync(url + "jobs");
        await leaving.GetByTestId("login-password").FillAsync(DashboardProcess.AdminPassword);
        await leaving.GetByTestId("login-submit").ClickAsync();
        await leaving.WaitForURLAsync(url + "jobs");
        // The second tab shares the first one's cookie, as a person's tabs do, and shows data only a signed-in admin sees.
        var staying = await context.NewPageAsync();
        await staying.GotoAsync(url + "settings");
        await Assertions.Expect(staying.GetByTestId("token-list")).ToContainTextAsync(DashboardProcess.ApiToken[^4..], new() { Timeout = 30_000 });

        await leaving.GotoAsync(url + "logout");
        await leaving.GetByTestId("logout-submit").ClickAsync();
        await leaving.WaitForURLAsync("**/login");
        var signedOut = Stopwatch.StartNew();

        // Nothing is done in the second tab: its own circuit notices at its next check and leaves for the sign-in form.
        await staying.WaitForURLAsync("**/login?**", new() { Timeout = 15_000 });
        await Assertions.Expect(staying.GetByTestId("login-password")).ToBeVisibleAsync();
        Assert.Equal(0, await staying.GetByTestId("token-list").CountAsync());
        Assert.Contains("returnUrl=%2Fsettings", staying.Url);
        // One interval, plus the full page load; far below the default 30 s.
        Assert.True(signedOut.Elapsed < TimeSpan.FromSeconds(SessionCheckSeconds + 8), $"the open tab left after {signedOut.Elapsed}");
    }
}
