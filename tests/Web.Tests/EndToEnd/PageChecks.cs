using System.Text.Json;
using Microsoft.Playwright;

namespace Web.Tests.EndToEnd;

/// <summary>
/// What every page of the journey must hold, checked as it goes: no request leaves the app's host (registries are
/// migrated inside networks with no internet), no serious or critical accessibility violation (axe-core, injected
/// from npm), and a screenshot at a desktop and at a phone width for the README.
/// </summary>
public sealed class PageChecks
{
    public static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    private static readonly (int Width, int Height) Desktop = (1400, 900), Phone = (390, 844);

    private readonly string _appHost;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _foreign = new();
    private readonly List<string> _violations = [];

    /// <param name="app">Requests to any other host are recorded.</param>
    public PageChecks(Uri app)
    {
        _appHost = app.Authority;
        Directory.CreateDirectory(Screenshots);
    }

    public IReadOnlyCollection<string> ForeignRequests => _foreign;
    public IReadOnlyList<string> Violations => _violations;

    /// <summary>Watches every request the context's pages make, from now on.</summary>
    public void Watch(IBrowserContext context) => context.Request += (_, request) =>
    {
        if (Uri.TryCreate(request.Url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "ws" or "wss" && uri.Authority != _appHost)
            _foreign.Enqueue($"{request.Method} {request.Url} (from {request.Frame.Url})");
    };

    /// <summary>Screenshots at both widths and axe-core's verdict on the page as it stands.</summary>
    public async Task CheckAsync(IPage page, string name)
    {
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, $"{name}.png"), FullPage = true });
        await page.AddScriptTagAsync(new() { Path = AxeScript });
        var found = await page.EvaluateAsync<JsonElement>("""
            async () => (await axe.run(document, { resultTypes: ['violations'] })).violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`)
            """);
        _violations.AddRange(found.EnumerateArray().Select(v => $"{name}: {v.GetString()}"));
        await page.SetViewportSizeAsync(Phone.Width, Phone.Height);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, $"{name}-phone.png"), FullPage = true });
        await page.SetViewportSizeAsync(Desktop.Width, Desktop.Height);
    }

    /// <summary>axe-core as <c>scripts/test</c> installs it (<c>npm ci</c> in tests/Web.Tests/EndToEnd/browser).</summary>
    private static string AxeScript => Registry.Testing.RepositoryFiles.Find("tests/Web.Tests/EndToEnd/browser/node_modules/axe-core/axe.min.js")
        ?? throw new FileNotFoundException("axe-core is not installed: run ./scripts/test, or npm ci in tests/Web.Tests/EndToEnd/browser");
}
