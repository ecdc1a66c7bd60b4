using System.Text.Json;
using Microsoft.Playwright;

namespace Web.Tests.EndToEnd;

/// <summary>
/// What every page of the journey must hold, checked as it goes: no request leaves the app's host (registries are
/// migrated inside networks with no internet), no response fails (a 404 is a missing file or a broken link) unless the
/// journey asked for it knowingly, no error in the browser's console, no serious or critical accessibility violation
/// (axe-core, injected from npm), no form label cut off at the desktop width, and a screenshot at a desktop and at a
/// phone width for the README.
/// </summary>
public sealed class PageChecks
{
    public static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    private static readonly (int Width, int Height) Desktop = (1400, 900), Phone = (390, 844);

    private readonly string _appHost;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _foreign = new();
    private readonly List<string> _violations = [];
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _failedResponses = new();
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _consoleErrors = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _expectedFailures = new();
    private readonly List<string> _clippedLabels = [];

    /// <param name="app">Requests to any other host are recorded.</param>
    public PageChecks(Uri app)
    {
        _appHost = app.Authority;
        Directory.CreateDirectory(Screenshots);
    }

    public IReadOnlyCollection<string> ForeignRequests => _foreign;
    public IReadOnlyList<string> Violations => _violations;
    /// <summary>Responses with a status of 400 or more that the journey did not ask for knowingly.</summary>
    public IReadOnlyCollection<string> FailedResponses => _failedResponses;
    public IReadOnlyCollection<string> ConsoleErrors => _consoleErrors;
    public IReadOnlyList<string> ClippedLabels => _clippedLabels;

    /// <summary>A URL the journey requests knowing it fails (a revoked share link): neither its status nor the
    /// browser's console note of it counts.</summary>
    public void ExpectFailure(string url) => _expectedFailures[url] = true;

    /// <summary>Watches every request, response and console message of the context's pages, from now on.</summary>
    public void Watch(IBrowserContext context)
    {
        context.Request += (_, request) =>
        {
            if (Uri.TryCreate(request.Url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "ws" or "wss" && uri.Authority != _appHost)
                _foreign.Enqueue($"{request.Method} {request.Url} (from {request.Frame.Url})");
        };
        context.Response += (_, response) =>
        {
            if (response.Status >= 400 && !IsExpected(response.Url)) _failedResponses.Enqueue($"{response.Status} {response.Request.Method} {response.Url}");
        };
        context.Console += (_, message) =>
        {
            if (message.Type == "error" && !IsExpected(message.Location)) _consoleErrors.Enqueue($"{message.Text} (at {message.Location})");
        };
        context.Page += (_, page) => page.PageError += (_, error) => _consoleErrors.Enqueue($"uncaught: {error} (on {page.Url})");
    }

    private bool IsExpected(string url) => _expectedFailures.Keys.Any(url.StartsWith);

    /// <summary>Labels whose text does not fit their box, as the page stands (an open dialog included).</summary>
    public async Task CheckLabelsAsync(IPage page, string name)
    {
        var clipped = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('label, .mud-input-label')]
                .filter(l => l.getClientRects().length > 0 && l.clientWidth > 0 && l.scrollWidth > l.clientWidth)
                .map(l => `"${l.textContent.trim()}" needs ${l.scrollWidth}px, has ${l.clientWidth}px`)
            """);
        _clippedLabels.AddRange(clipped.Select(label => $"{name}: {label}"));
    }

    /// <summary>Screenshots at both widths, labels at the desktop width, and axe-core's verdict on the page as it stands.</summary>
    public async Task CheckAsync(IPage page, string name)
    {
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, $"{name}.png"), FullPage = true });
        await CheckLabelsAsync(page, name);
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
