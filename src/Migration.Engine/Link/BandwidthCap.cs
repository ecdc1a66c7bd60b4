using System.Diagnostics;

namespace Migration.Engine.Link;

/// <summary>
/// The most bytes a second a run may send, shared by all its transfers and changeable while they run. Each read
/// books its bytes on one timeline (the link is free again at <c>_freeAt</c>) and waits until its turn, so the
/// average holds exactly over any stretch of a few hundred milliseconds, however many transfers share it. A
/// change applies to the next read: no transfer is stopped or restarted.
/// </summary>
public sealed class BandwidthCap
{
    // Lets a transfer run this far ahead of the timeline before it waits: smooths out timer granularity without
    // letting a burst through that the average would notice.
    private const double SlackSeconds = 0.02;

    // Time the transfers fell behind (all of them waiting on the source, a pause of the process) may be made up, this
    // much of it: the average holds over a run, and a burst after a stall is at most a quarter second's bytes.
    private const double CatchUpSeconds = 0.25;

    private readonly Lock _gate = new();
    private long _bytesPerSecond;
    private double _freeAt;

    public BandwidthCap(long? bytesPerSecond = null) => BytesPerSecond = bytesPerSecond;

    /// <summary>Null or 0: no cap.</summary>
    public long? BytesPerSecond
    {
        get => Interlocked.Read(ref _bytesPerSecond) is > 0 and var cap ? cap : null;
        set
        {
            lock (_gate)
            {
                Interlocked.Exchange(ref _bytesPerSecond, value is > 0 ? value.Value : 0);
                // Whatever was booked at the old rate is forgiven: the new rate counts from now.
                _freeAt = Now();
            }
        }
    }

    /// <summary>The largest read worth making while capped: small enough that the timeline stays smooth.</summary>
    public int ReadSize(int wanted) => BytesPerSecond is { } cap ? (int)Math.Min(wanted, Math.Max(cap / 50, 16 * 1024)) : wanted;

    /// <summary>Books <paramref name="bytes"/> just read and waits until the cap allows them.</summary>
    public ValueTask PaceAsync(int bytes, CancellationToken cancellationToken)
    {
        double wait;
        lock (_gate)
        {
            var cap = _bytesPerSecond;
            if (cap <= 0) return ValueTask.CompletedTask;
            var now = Now();
            _freeAt = Math.Max(_freeAt, now - CatchUpSeconds) + bytes / (double)cap;
            wait = _freeAt - now - SlackSeconds;
        }
        return wait <= 0 ? ValueTask.CompletedTask : new ValueTask(Task.Delay(TimeSpan.FromSeconds(wait), cancellationToken));
    }

    private static double Now() => Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;
}
