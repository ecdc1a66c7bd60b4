using Bunit;
using Web.Features.Migrations;

namespace Web.Tests.Migrations;

/// <summary>The job page's rate chart: as wide as the page, a time axis on the migration's clock, and the cap drawn
/// beside the rate.</summary>
public sealed class RateChartTests : DashboardTestContext
{
    [Fact]
    public void WithACap_DrawsItAsASecondLine_OnATimeAxisSinceTheStart()
    {
        // A minute into the run, 30 s of samples: 4 MiB/s cap, raised to 20 after 10 s.
        var samples = Enumerable.Range(1, 30).Select(i => new RateSample(TimeSpan.FromSeconds(60 + i), i > 10 ? 15 : 3.5, i > 10 ? 20.0 : 4.0)).ToList();

        var chart = Render<RateChart>(p => p.Add(x => x.Samples, samples));

        var labels = chart.FindAll("svg text").Select(t => t.TextContent.Trim()).ToList();
        Assert.Contains("1:01", labels);
        Assert.Contains("1:26", labels);
        Assert.Contains("since the migration started", labels);
        Assert.Equal(["MiB/s", "cap"], Legend(chart));
    }

    [Fact]
    public void WithoutACap_DrawsTheRateOnly()
    {
        var samples = Enumerable.Range(1, 5).Select(i => new RateSample(TimeSpan.FromSeconds(i), 2.0, null)).ToList();

        var chart = Render<RateChart>(p => p.Add(x => x.Samples, samples));

        Assert.Equal(["MiB/s"], Legend(chart));
    }

    [Fact]
    public void TakesThePagesWidth_AndDrawsInItsPixels()
    {
        var samples = Enumerable.Range(1, 5).Select(i => new RateSample(TimeSpan.FromSeconds(i), 2.0, null)).ToList();

        var chart = Render<RateChart>(p => p.Add(x => x.Samples, samples));

        // It asks the browser for its size, and draws in a box of that size (the test context says 1200 × 260): not
        // in MudBlazor's fixed 700 × 350 box shrunk to the height, which made it narrow and its labels tiny.
        JSInterop.VerifyInvoke("mudObserveElementSize");
        Assert.Equal("0 0 1200 260", chart.Find("svg").GetAttribute("viewBox"));
        Assert.Equal("100%", chart.Find("svg").GetAttribute("width"));
    }

    [Fact]
    public void AverageOverARun_IsAFlatLineAcrossItsDuration()
    {
        var samples = RateSample.Average(TimeSpan.FromMinutes(6), 3 * 1024 * 1024);

        Assert.Equal(TimeSpan.Zero, samples[0].At);
        Assert.Equal(TimeSpan.FromMinutes(6), samples[^1].At);
        Assert.All(samples, s => Assert.Equal(3.0, s.MiBPerSecond));
        var chart = Render<RateChart>(p => p.Add(x => x.Samples, samples).Add(x => x.RateName, "average MiB/s"));
        var labels = chart.FindAll("svg text").Select(t => t.TextContent.Trim()).ToList();
        Assert.Contains("0:00", labels);
        Assert.Contains("6:00", labels);
        Assert.Equal(["average MiB/s"], Legend(chart));
    }

    private static List<string> Legend(IRenderedComponent<RateChart> chart) =>
        chart.FindAll(".mud-chart-legend-item").Select(i => i.TextContent.Trim()).ToList();
}
