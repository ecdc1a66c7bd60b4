using System.Net;
using System.Text.RegularExpressions;
using Web.Features.Access;

namespace Web.Tests.Access;

/// <summary>The sign-in page stays a plain HTML form, dressed in MudBlazor's styles like every other page.</summary>
public sealed class SignInPageTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task SignInPage_LinksMudBlazorsStylesAndShowsTheAppBar()
    {
        using var client = factory.CreateClient();

        var page = await client.GetStringAsync("/login");

        Assert.Contains("""<link href="_content/MudBlazor/MudBlazor.min.css" rel="stylesheet">""", page);
        Assert.Contains("""<link href="app.css" rel="stylesheet">""", page);
        // The theme's variables, which MudBlazor's classes read: the dashboard's theme, as the other pages have it.
        var error = Web.Components.Layout.DashboardTheme.Value.PaletteLight.Error.ToString(MudBlazor.Utilities.MudColorOutputFormats.RGBA);
        Assert.Contains($"--mud-palette-error: {error};", page);
        Assert.Matches(@"class=""mud-appbar[^""]*"">.*" + Regex.Escape(SignInPageHtml.AppTitle), page);
        Assert.Contains("mud-paper", page);
        Assert.Contains("mud-button-filled-primary", page);
        using var css = await client.GetAsync("_content/MudBlazor/MudBlazor.min.css");
        Assert.Equal(HttpStatusCode.OK, css.StatusCode); // served to people who have not signed in yet
    }

    [Fact]
    public async Task SignInPage_PasswordFieldHasALabel()
    {
        using var client = factory.CreateClient();

        var page = await client.GetStringAsync("/login");

        var input = Regex.Match(page, @"<input [^>]*data-testid=""login-password""[^>]*>").Value;
        Assert.Contains("name=\"password\"", input);
        var id = Regex.Match(input, @"\bid=""([^""]+)""").Groups[1].Value;
        Assert.NotEmpty(id);
        Assert.Matches($@"<label for=""{Regex.Escape(id)}""[^>]*>Password</label>", page);
    }

    [Fact]
    public async Task SignIn_WithAWrongPassword_ShowsTheErrorAsAnAlert()
    {
        using var client = factory.CreateClient();

        using var response = await DashboardFactory.PostSignInAsync(client, "not-the-password");

        var page = await response.Content.ReadAsStringAsync();
        Assert.Matches(@"role=""alert"" data-testid=""login-error""[^>]*>.*Wrong user name or password", page);
        Assert.Contains("data-testid=\"login-submit\"", page);
    }
}
