using System.Diagnostics;
using Web.Features.Migrations;

namespace Web.Tests.Migrations;

/// <summary>A running migration's bytes sent and link, read from the app every 100 ms on a loop of its own, with the
/// seconds since the sampling started, so a test can work out the rate over any stretch.</summary>
public sealed class ByteSamples : IAsyncDisposable
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<Sample> _taken = [];
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    public sealed record Sample(double Seconds, long Bytes, LinkSummary? Link);

    public double Now => _clock.Elapsed.TotalSeconds;

    public IReadOnlyList<Sample> Taken
    {
        get
        {
            lock (_taken) return _taken.ToList();
        }
    }

    public static ByteSamples Start(MigrationService migrations, int id)
    {
        var samples = new ByteSamples();
        samples._loop = samples.LoopAsync(migrations, id);
        return samples;
    }

    /// <summary>The first sample that meets <paramref name="condition"/>.</summary>
    public async Task<Sample> WaitAsync(Func<Sample, bool> condition, TimeSpan timeout)
    {
        var deadline = Now + timeout.TotalSeconds;
        while (Now < deadline)
        {
            if (Taken.FirstOrDefault(condition) is { } sample) return sample;
            await Task.Delay(50);
        }
        throw new TimeoutException($"no sample met the condition within {timeout.TotalSeconds} s; the last: {Taken.LastOrDefault()}");
    }

    /// <summary>Bytes a second between the samples nearest <paramref name="from"/> and <paramref name="to"/>.</summary>
    public double Rate(double from, double to)
    {
        var taken = Taken;
        var first = taken.First(s => s.Seconds >= from);
        var last = taken.Last(s => s.Seconds <= to);
        return (last.Bytes - first.Bytes) / (last.Seconds - first.Seconds);
    }

    private async Task LoopAsync(MigrationService migrations, int id)
    {
        while (!_stop.IsCancellationRequested)
        {
            if (await migrations.SnapshotAsync(id) is { } snapshot)
                lock (_taken) _taken.Add(new Sample(Now, snapshot.BytesDone, snapshot.Link));
            try
            {
                await Task.Delay(100, _stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
