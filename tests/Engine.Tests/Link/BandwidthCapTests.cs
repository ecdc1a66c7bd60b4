using System.Diagnostics;
using Migration.Engine.Link;

namespace Engine.Tests.Link;

public sealed class BandwidthCapTests
{
    [Fact]
    public async Task ManyReaders_TogetherKeepToTheCap_AndAChangeAppliesAtOnce()
    {
        var cap = new BandwidthCap(2 << 20);
        long bytes = 0;
        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var size = cap.ReadSize(1 << 20);
                Interlocked.Add(ref bytes, size);
                await cap.PaceAsync(size, CancellationToken.None);
            }
        })).ToList();

        // The first second of a test process is no measure: timers and the thread pool are still warming up.
        await Task.Delay(1000);
        var first = await RateOverAsync(() => Interlocked.Read(ref bytes), TimeSpan.FromSeconds(3));
        cap.BytesPerSecond = 6 << 20;
        await Task.Delay(300);
        var second = await RateOverAsync(() => Interlocked.Read(ref bytes), TimeSpan.FromSeconds(3));
        cap.BytesPerSecond = null;
        var uncapped = await RateOverAsync(() => Interlocked.Read(ref bytes), TimeSpan.FromSeconds(0.3));
        await stop.CancelAsync();
        await Task.WhenAll(readers);

        // Never more than the cap (+10 %). Less is what a starved 2-core CI machine makes of it (the test process not
        // scheduled for a while: 0.64 of the raised cap in one CI-like run with the cores busy), so below the cap the
        // test asks only that the raised cap was followed at all, well above the old one; bench/wan.sh measures the
        // ±5 % target on a quiet machine.
        Assert.InRange(first, 0.5 * (2 << 20), 1.1 * (2 << 20));
        Assert.InRange(second, 1.5 * (2 << 20), 1.1 * (6 << 20));
        Assert.True(uncapped > 50 << 20, $"without a cap the readers made {uncapped / (1 << 20):0} MiB/s");
    }

    private static async Task<double> RateOverAsync(Func<long> counter, TimeSpan span)
    {
        var (before, clock) = (counter(), Stopwatch.StartNew());
        await Task.Delay(span);
        return (counter() - before) / clock.Elapsed.TotalSeconds;
    }
}
