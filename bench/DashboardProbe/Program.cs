// Drives the dashboard's inventory page for bench/dashboard.sh: S browser sessions (separate contexts, each signed
// in) open /inventory/{scan} one after another, then all at once; one of them searches and clears; then, with every
// session still open, the app's RSS and one page's DOM size. Prints KEY=VALUE lines (and writes them to OUT/probe.txt)
// for the script, and keeps the grid's HTML and a screenshot of each step in OUT.
//
//   DashboardProbe --url http://127.0.0.1:PORT/ --password PW --token TOKEN --scan ID --tags N --search TERM
//                  --repository NAME [--sessions S] [--app-pid PID] [--out DIR]
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

var options = ProbeOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: DashboardProbe --url URL --password PW --token TOKEN --scan ID --tags N --search TERM --repository NAME [--sessions S] [--app-pid PID] [--out DIR]");
    return 2;
}
Directory.CreateDirectory(options.Out);
var results = new List<(string Key, string Value)>();
void Report(string key, object value)
{
    var text = Convert.ToString(value, CultureInfo.InvariantCulture)!;
    results.Add((key, text));
    Console.WriteLine($"{key}={text}");
}

// What the search should find, from the API (the same query the grid runs): every row of it in one repository.
int searchRows;
using (var api = new HttpClient { BaseAddress = options.Url, Timeout = TimeSpan.FromSeconds(60) })
{
    api.DefaultRequestHeaders.Authorization = new("Bearer", options.Token);
    var found = await api.GetFromJsonAsync<JsonElement>($"api/scans/{options.Scan}/inventory?page=0&pageSize=1000&search={Uri.EscapeDataString(options.Search)}");
    var total = found.GetProperty("total").GetInt32();
    var repositories = found.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("repository").GetString()).Distinct().ToList();
    if (total == 0 || repositories.Count != 1 || repositories[0] != options.Repository)
        throw new InvalidOperationException($"the search '{options.Search}' should match the rows of {options.Repository} only; the API found {total} rows in [{string.Join(", ", repositories)}]");
    searchRows = total;
    Report("search_expected_rows", total);
}

using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new()
{
    ExecutablePath = "/usr/bin/chromium", // Debian's; never a downloaded browser
    Headless = true,
    Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});

var inventoryUrl = new Uri(options.Url, $"inventory/{options.Scan}").ToString();

// 0. The first visit after the app started, in a session of its own that is closed again: it pays for the app's
// first circuit and first queries (JIT, caches), which the measured sessions should not.
await using (var warmUp = await SignedInContextAsync())
{
    Report("cold_open_ms", Ms(await OpenInventoryAsync(warmUp.Pages[0])));
    await warmUp.Pages[0].GotoAsync("about:blank"); // unloading the page ends its circuit on the server at once
}

var sessions = new List<IPage>();
for (var i = 0; i < options.Sessions; i++) sessions.Add((await SignedInContextAsync()).Pages[0]);

// 1. One after another, each while the earlier ones stay open: what one user sees.
var oneByOne = new List<double>();
foreach (var page in sessions) oneByOne.Add(await OpenInventoryAsync(page));
Report("open_ms", string.Join(',', oneByOne.Select(Ms)));

// 2. All at once (a reload of every session together): S users arriving at the same moment.
var together = await Task.WhenAll(sessions.Select(OpenInventoryAsync));
Report("open_together_ms", string.Join(',', together.Select(Ms)));

var main = sessions[0];
await SaveAsync(main, "1-opened");
var firstHeader = await main.EvaluateAsync<string>(Js.FirstRowText);
var initialDataRows = await main.EvaluateAsync<int>(Js.DataRowCount);
Report("first_row", firstHeader);
Report("rows_in_dom", await main.EvaluateAsync<int>(Js.RowCount));
Report("data_rows_in_dom", initialDataRows);
Report("group_rows_in_dom", await main.EvaluateAsync<int>(Js.GroupRowCount));

// 3. Search for one repository, then clear the search. Timed in the page, from just before the text goes in
// (the field's 250 ms debounce included: that is what a user waits) until the grid shows the result.
var search = main.Locator("input[data-testid=inventory-search], [data-testid=inventory-search] input").First;
await main.EvaluateAsync("() => { window.__probeStart = performance.now(); }");
await search.FillAsync(options.Search);
var searchMs = await WaitAsync(main, Js.SearchDone, new object[] { options.Repository, firstHeader, Math.Min(searchRows, 50) });
Report("search_ms", Ms(searchMs));
Report("search_rows_in_dom", await main.EvaluateAsync<int>(Js.RowCount));
Report("search_data_rows_in_dom", await main.EvaluateAsync<int>(Js.DataRowCount));
await SaveAsync(main, "2-searched");

await main.EvaluateAsync("() => { window.__probeStart = performance.now(); }");
await search.FillAsync("");
var clearMs = await WaitAsync(main, Js.ClearDone, new object[] { firstHeader, initialDataRows });
Report("clear_ms", Ms(clearMs));
await SaveAsync(main, "3-cleared");

// 4. With every session still open: the app's RSS and the size of one page.
Report("rows_in_dom_after_clear", await main.EvaluateAsync<int>(Js.RowCount));
Report("dom_nodes", await main.EvaluateAsync<int>("() => document.getElementsByTagName('*').length"));
Report("sessions_open", sessions.Count(p => !p.IsClosed));
if (options.AppPid is { } pid)
{
    await Task.Delay(1000); // let the circuits settle after the last render
    Report("app_rss_kb", ProcStatus(pid, "VmRSS"));
    Report("app_hwm_kb", ProcStatus(pid, "VmHWM"));
}
await File.WriteAllLinesAsync(Path.Combine(options.Out, "probe.txt"), results.Select(r => $"{r.Key}={r.Value}"));
return 0;

// A new browser context (its own cookies: a session of its own) with one page, signed in.
async Task<IBrowserContext> SignedInContextAsync()
{
    var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });
    var page = await context.NewPageAsync();
    page.SetDefaultTimeout(120_000);
    await page.GotoAsync(new Uri(options.Url, "login").ToString());
    await page.GetByTestId("login-password").FillAsync(options.Password);
    await page.GetByTestId("login-submit").ClickAsync();
    await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));
    return context;
}

// Navigates and waits until the tag count card shows the scan's tags and the grid has a data row. The time is the
// page's own clock at that moment: milliseconds since its navigation started.
async Task<double> OpenInventoryAsync(IPage page)
{
    await page.GotoAsync(inventoryUrl, new() { WaitUntil = WaitUntilState.Commit });
    var handle = await page.WaitForFunctionAsync(Js.Opened, options.Tags, new() { PollingInterval = 20, Timeout = 120_000 });
    return await handle.JsonValueAsync<double>();
}

async Task<double> WaitAsync(IPage page, string predicate, object argument)
{
    try
    {
        var handle = await page.WaitForFunctionAsync(predicate, argument, new() { PollingInterval = 20, Timeout = 60_000 });
        return await handle.JsonValueAsync<double>();
    }
    catch (TimeoutException)
    {
        await SaveAsync(page, "timeout");
        throw;
    }
}

async Task SaveAsync(IPage page, string name)
{
    await page.ScreenshotAsync(new() { Path = Path.Combine(options.Out, name + ".png"), FullPage = true });
    await File.WriteAllTextAsync(Path.Combine(options.Out, name + ".grid.html"),
        await page.EvaluateAsync<string>("() => document.querySelector('[data-testid=inventory-grid]')?.outerHTML ?? '(no grid)'"));
}

static string Ms(double ms) => ms.ToString("0", CultureInfo.InvariantCulture);

static long ProcStatus(int pid, string field)
{
    foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        if (line.StartsWith(field + ":", StringComparison.Ordinal))
            return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    throw new InvalidOperationException($"no {field} in /proc/{pid}/status");
}

/// <summary>The page-side checks. A data row has a cell per column; a group header is one cell across the grid; the
/// grid also keeps an empty row at the end of its body.</summary>
internal static class Js
{
    private const string Rows = "[...document.querySelectorAll('[data-testid=inventory-grid] tbody tr')]";
    private const string IsData = "r => r.querySelectorAll('td').length >= 3";

    public const string RowCount = $"() => {Rows}.length";
    public const string DataRowCount = $"() => {Rows}.filter({IsData}).length";
    public const string GroupRowCount = $"() => {Rows}.filter(r => r.querySelector('td.mud-datagrid-group')).length";
    public const string FirstRowText = $"() => ({Rows}[0]?.querySelector('td')?.textContent ?? '').trim()";

    public const string Opened = $$"""
        tags => {
          const card = document.querySelector('[data-testid=inventory-tag-count]');
          if (!card || card.textContent.replace(/\D/g, '') !== String(tags)) return false;
          return {{Rows}}.some({{IsData}}) ? performance.now() : false;
        }
        """;

    // Only the repository's rows: every group header names it (data rows under a header no longer repeat the name), the
    // page's first row is no longer the unfiltered first row, and the grid holds as many data rows as the search finds
    // (one page at most).
    public const string SearchDone = $$"""
        ([repository, first, expected]) => {
          const rows = {{Rows}};
          const data = rows.filter({{IsData}});
          if (data.length !== expected) return false;
          const groups = rows.filter(r => r.querySelector('td.mud-datagrid-group'));
          if (groups.length === 0 || groups.some(r => !r.textContent.includes(repository))) return false;
          if ((rows[0].querySelector('td')?.textContent ?? '').trim() === first) return false;
          return performance.now() - window.__probeStart;
        }
        """;

    public const string ClearDone = $$"""
        ([first, dataRows]) => {
          const rows = {{Rows}};
          if (rows.length === 0 || (rows[0].querySelector('td')?.textContent ?? '').trim() !== first) return false;
          if (rows.filter({{IsData}}).length !== dataRows) return false;
          return performance.now() - window.__probeStart;
        }
        """;
}

internal sealed record ProbeOptions(Uri Url, string Password, string Token, int Scan, int Tags, string Search, string Repository, int Sessions, int? AppPid,
    string Out)
{
    public static ProbeOptions? Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) return null;
            values[args[i][2..]] = args[i + 1];
        }
        if (args.Length % 2 != 0) return null;
        string? Get(string key) => values.GetValueOrDefault(key);
        int? Int(string key) => int.TryParse(Get(key), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;
        if (Get("url") is not { } url || Get("password") is not { } password || Get("token") is not { } token || Int("scan") is not { } scan
            || Int("tags") is not { } tags || Get("search") is not { } search || Get("repository") is not { } repository)
            return null;
        return new ProbeOptions(new Uri(url.TrimEnd('/') + "/"), password, token, scan, tags, search, repository, Int("sessions") ?? 5, Int("app-pid"),
            Get("out") ?? ".");
    }
}
