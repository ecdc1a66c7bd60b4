using System.Diagnostics;
using System.Globalization;
using Registry.Testing;

namespace WanProxyTool;

/// <summary>The proxy's byte counters every 100 ms, one line each: seconds since start, bytes delivered to the upstream,
/// bytes delivered from it. A rate over a run's copy alone (not its start-up or verification) is read from these.</summary>
internal static class ByteSamples
{
    public static async Task WriteAsync(WanProxy proxy, string file, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(file) { AutoFlush = true };
        var started = Stopwatch.GetTimestamp();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
                await writer.WriteLineAsync(Line(proxy, started));
        }
        finally
        {
            await writer.WriteLineAsync(Line(proxy, started));
        }
    }

    private static string Line(WanProxy proxy, long started) => string.Create(CultureInfo.InvariantCulture,
        $"{Stopwatch.GetElapsedTime(started).TotalSeconds:0.000} {proxy.BytesToUpstream} {proxy.BytesFromUpstream}");
}
