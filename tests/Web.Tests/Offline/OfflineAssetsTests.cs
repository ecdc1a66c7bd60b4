using System.Net;
using System.Text.RegularExpressions;

namespace Web.Tests.Offline;

/// <summary>
/// Registries are often migrated inside networks with no way out: no page the app serves may ask another host for a
/// font, an icon, a style sheet or a script. Reads the pages' shells and every style sheet they link, as a browser
/// would, and follows what those style sheets load.
/// </summary>
public sealed partial class OfflineAssetsTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task AppShell_AndTheStyleSheetsItLinks_NameNoOtherHost()
    {
        using var client = await factory.CreateSignedInClientAsync();

        var shell = await client.GetStringAsync("/");

        var sheets = await AssertSelfContainedAsync(client, "/", shell);
        Assert.Contains(sheets, s => s.EndsWith("MudBlazor.min.css", StringComparison.Ordinal));
        Assert.Contains(sheets, s => s.EndsWith("app.css", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SignInPage_AndTheStyleSheetsItLinks_NameNoOtherHost()
    {
        using var client = factory.CreateClient();

        var page = await client.GetStringAsync("/login");

        var sheets = await AssertSelfContainedAsync(client, "/login", page);
        Assert.Contains(sheets, s => s.EndsWith("app.css", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AppCss_ServesRobotoFromTheAppItself()
    {
        using var client = factory.CreateClient();

        var css = await client.GetStringAsync("/app.css");

        var fonts = CssUrls().Matches(StripComments(css)).Select(m => m.Groups["url"].Value).Where(u => u.EndsWith(".woff2")).ToList();
        Assert.Equal(4, fonts.Count); // weights 300, 400, 500 and 700
        foreach (var font in fonts)
        {
            using var response = await client.GetAsync(new Uri(new Uri(client.BaseAddress!, "/app.css"), font));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("font/woff2", response.Content.Headers.ContentType?.MediaType);
        }
    }

    /// <summary>Asserts the page and each style sheet it links name no other host; returns the style sheets' paths.</summary>
    private static async Task<IReadOnlyList<string>> AssertSelfContainedAsync(HttpClient client, string path, string html)
    {
        AssertNoOtherHost(path, html, client.BaseAddress!);
        var baseUri = new Uri(client.BaseAddress!, path);
        var sheets = StyleSheetLinks().Matches(html).Select(m => new Uri(baseUri, WebUtility.HtmlDecode(m.Groups["href"].Value))).ToList();
        foreach (var sheet in sheets)
        {
            using var response = await client.GetAsync(sheet);
            Assert.True(response.IsSuccessStatusCode, $"{sheet} answered {(int)response.StatusCode}");
            AssertNoOtherHost(sheet.AbsolutePath, StripComments(await response.Content.ReadAsStringAsync()), client.BaseAddress!);
        }
        return sheets.Select(s => s.AbsolutePath).ToList();
    }

    private static void AssertNoOtherHost(string what, string text, Uri self)
    {
        var foreign = AbsoluteUrls().Matches(text).Select(m => m.Value)
            .Where(u => !u.StartsWith("http://www.w3.org/", StringComparison.OrdinalIgnoreCase)) // XML namespaces name, they do not load
            .Where(u => !Uri.TryCreate(u, UriKind.Absolute, out var uri) || uri.Host != self.Host)
            .ToList();
        Assert.True(foreign.Count == 0, $"{what} names other hosts: {string.Join(", ", foreign)}");
    }

    // A comment loads nothing; MudBlazor's style sheet opens with its home page and licence address in one.
    private static string StripComments(string css) => CssComments().Replace(css, "");

    [GeneratedRegex(@"https?://[^\s""'()<>]+", RegexOptions.IgnoreCase)]
    private static partial Regex AbsoluteUrls();

    [GeneratedRegex(@"<link\b[^>]*\bhref=""(?<href>[^""]+\.css)""", RegexOptions.IgnoreCase)]
    private static partial Regex StyleSheetLinks();

    [GeneratedRegex(@"url\(\s*['""]?(?<url>[^'"")]+)['""]?\s*\)")]
    private static partial Regex CssUrls();

    [GeneratedRegex(@"/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex CssComments();
}
