using System.Collections.Concurrent;
using System.Diagnostics;
using Engine.Tests.Fixtures;
using Migration.Engine.Copy;
using Migration.Engine.Link;
using Migration.Engine.Registry;
using Migration.Engine.Sources;

namespace Engine.Tests.Link;

/// <summary>A migration on its link: the bandwidth cap, a cap changed while it runs, a target that asks us to slow down.</summary>
[Collection(SourceRegistryCollection.Name)]
public sealed class LinkTests(SourceRegistryFixture source)
{
    [Fact]
    public async Task Cap_HoldsOverTheRun()
    {
        await using var target = await TargetRegistry.StartAsync();
        using var storage = ImageSourceFactory.Open(source.StorageRoot);
        const long cap = 400 << 10;
        var sent = new SendLog();

        var report = await target.MigrateAsync(storage, new CopyOptions { MaxBytesPerSecond = cap }, progress: sent);

        ReportAssert.NoFailures(report);
        Assert.True(report.Verification!.Passed);
        var rate = sent.Rate(TimeSpan.Zero, sent.Last);
        Assert.True(sent.Last > TimeSpan.FromSeconds(2), $"the copy took {sent.Last.TotalSeconds:0.0} s: too short to measure a rate");
        // Never above the cap (+10 %) over the run. Below it, the run's average says little on a CI machine whose tests
        // run side by side: one fresh-clone run stalled to 0.07 of the cap. That the link reaches the cap is shown by its
        // best second instead (bench/wan.sh measures ±5 % on a quiet machine).
        Assert.True(rate <= 1.1 * cap, $"{rate:0} B/s over the run, more than the cap of {cap} B/s");
        var best = sent.BestRate(TimeSpan.FromSeconds(1), TimeSpan.Zero);
        Assert.True(best >= 0.5 * cap, $"no second of the run came near the cap: best {best:0} B/s");
    }

    [Fact]
    public async Task Cap_ChangedWhileItRuns_IsFollowedAtOnce()
    {
        await using var target = await TargetRegistry.StartAsync();
        using var storage = ImageSourceFactory.Open(source.StorageRoot);
        using var link = new LinkGovernor(maxBytesPerSecond: 100 << 10);
        var sent = new SendLog();

        var run = target.MigrateAsync(storage, new CopyOptions { Link = link }, progress: sent);
        while (sent.Now < TimeSpan.FromSeconds(2)) await Task.Delay(50);
        link.Cap.BytesPerSecond = 1 << 20;
        var raised = sent.Now;
        var report = await run;

        ReportAssert.NoFailures(report);
        // From half a second in: the cap lets the first read through at once (a burst), which over a 2 s window alone
        // is about 10 % of the old cap and put a quiet machine just over the bound (113.5 KB/s in 3 runs of 4).
        Assert.InRange(sent.Rate(TimeSpan.FromMilliseconds(500), raised), 0, 1.1 * (100 << 10));
        // Within a quarter second of the change the new cap is in force: well over the old one, never over the new.
        // (Its best half second, for the same reason as in Cap_HoldsOverTheRun: a stall on a busy machine says nothing.)
        var inForce = raised + TimeSpan.FromMilliseconds(250);
        Assert.True(sent.Rate(inForce, sent.Last) <= 1.1 * (1 << 20), "over the new cap");
        Assert.True(sent.BestRate(TimeSpan.FromMilliseconds(500), inForce) >= 3 * (100 << 10), "the raised cap was not followed");
    }

    [Fact]
    public async Task TooManyRequests_WithRetryAfter_SlowsTheCopyDown_AndFailsNothing()
    {
        await using var target = await TargetRegistry.StartAsync();
        using var storage = ImageSourceFactory.Open(source.StorageRoot);
        using var link = new LinkGovernor();
        var clock = Stopwatch.StartNew();
        var firstRefusal = TimeSpan.MaxValue;
        var writes = new ConcurrentQueue<TimeSpan>();
        // For one second after the first write, every write is answered 429 with "Retry-After: 1".
        target.Proxy.Refuse = request =>
        {
            if (request.Method is not ("POST" or "PUT" or "PATCH")) return null;
            var now = clock.Elapsed;
            writes.Enqueue(now);
            lock (writes) if (firstRefusal == TimeSpan.MaxValue) firstRefusal = now;
            return now - firstRefusal < TimeSpan.FromSeconds(1) ? 429 : null;
        };
        var limits = new ConcurrentQueue<int>();
        var events = new Events { OnEvent = e => { if (e is LinkMeasured m) limits.Enqueue(m.Link.Limit); } };
        // Two tries for anything else: a 429 counted as a failed try would fail images here.
        var retry = RetryPolicy.Default.NeverRetrying(ex => ex is SourceException) with { MaxAttempts = 2 };

        var report = await target.MigrateAsync(storage, new CopyOptions { Link = link, Retry = retry }, progress: events);

        ReportAssert.NoFailures(report);
        Assert.True(report.Verification!.Passed);
        Assert.Contains(events.All.OfType<Retrying>(), r => r.Reason.Contains("429"));
        // Nothing new went out while the target's Retry-After ran, and the run kept to fewer requests in flight.
        var duringPause = writes.Count(t => t > firstRefusal + TimeSpan.FromMilliseconds(150) && t < firstRefusal + TimeSpan.FromMilliseconds(850));
        Assert.Equal(0, duringPause);
        Assert.True(link.Status.Limit < 8, $"the limit after 429s is {link.Status.Limit}; it starts at 8 on loopback");
    }

    /// <summary>When each byte was sent, relative to the first.</summary>
    private sealed class SendLog : IProgress<CopyEvent>
    {
        private readonly ConcurrentQueue<(TimeSpan At, long Bytes)> _sent = new();
        private readonly Stopwatch _clock = new();

        public TimeSpan Last => _sent.IsEmpty ? TimeSpan.Zero : _sent.Max(s => s.At);

        /// <summary>Time since the first byte was sent; zero before.</summary>
        public TimeSpan Now => _clock.Elapsed;

        public void Report(CopyEvent value)
        {
            if (value is not BytesTransferred { Bytes: > 0 } bytes) return;
            lock (_clock) if (!_clock.IsRunning) _clock.Start();
            _sent.Enqueue((_clock.Elapsed, bytes.Bytes));
        }

        /// <summary>The highest rate over any <paramref name="window"/> of the run after <paramref name="start"/>, looked at
        /// every tenth of a second.</summary>
        public double BestRate(TimeSpan window, TimeSpan start)
        {
            // A run that ends sooner is one window.
            if (Last - start < window) return Rate(start, Last);
            var best = 0.0;
            for (var from = start; from + window <= Last; from += TimeSpan.FromMilliseconds(100))
                best = Math.Max(best, Rate(from, from + window));
            return best;
        }

        /// <summary>Bytes a second sent in [from, to).</summary>
        public double Rate(TimeSpan from, TimeSpan to) =>
            _sent.Where(s => s.At >= from && s.At < to).Sum(s => s.Bytes) / Math.Max(0.001, (to - from).TotalSeconds);
    }
}
