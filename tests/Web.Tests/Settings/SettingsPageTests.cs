using Bunit;
using Web.Features.Settings;

namespace Web.Tests.Settings;

public sealed class SettingsPageTests : DashboardTestContext
{
    public SettingsPageTests()
    {
        Use(Dashboard.ApiTokens);
        Use(new Web.Features.Access.AdminAccountService(null!, null!, null!));
    }

    [Fact]
    public async Task CreateToken_ShowsItOnceAndItWorksUntilRevoked()
    {
        var page = Render<SettingsPage>();
        page.WaitForAssertion(() => Assert.Contains("No tokens yet", page.Find("[data-testid=token-list]").TextContent));

        page.Find("input[data-testid=token-name], [data-testid=token-name] input").Change("nightly sync");
        page.Find("[data-testid=token-create]").Click();

        var secret = page.WaitForElement("[data-testid=token-secret]").TextContent;
        Assert.StartsWith("rhd_", secret);
        Assert.NotNull(await Dashboard.ApiTokens.FindAsync(secret));
        Assert.Contains("nightly sync", page.Find("[data-testid=token-list]").TextContent);
        Assert.Contains(secret[^4..], page.Find("[data-testid=token-list]").TextContent);

        page.Find("[data-testid=token-revoke]").Click();

        page.WaitForAssertion(() => Assert.Contains("revoked", page.Find("[data-testid=token-list]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=token-secret]"));
        Assert.Null(await Dashboard.ApiTokens.FindAsync(secret));
    }

    [Fact]
    public void CreateToken_WithoutAName_SaysWhy()
    {
        var page = Render<SettingsPage>();
        page.WaitForElement("[data-testid=token-create]").Click();

        page.WaitForAssertion(() => Assert.Contains("give the token a name", page.Find("[data-testid=settings-error]").TextContent));
    }
}
