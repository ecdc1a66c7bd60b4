using Bunit;
using Web.Features.Migrations;

namespace Web.Tests.Migrations;

/// <summary>The job page's rate chart: a time axis on the migration's clock, and the cap drawn beside the rate.</summary>
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

    private static List<string> Legend(IRenderedComponent<RateChart> chart) =>
        chart.FindAll(".mud-chart-legend-item").Select(i => i.TextContent.Trim()).ToList();
}
