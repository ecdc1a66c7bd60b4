using Microsoft.Playwright;

namespace Web.Tests.EndToEnd;

/// <summary>Debian's Chromium, headless, as every browser test drives it: never a downloaded browser, and none of the
/// background traffic (updates, sync) that would reach for the internet.</summary>
public static class DebianChromium
{
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new()
    {
        ExecutablePath = "/usr/bin/chromium",
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
}
