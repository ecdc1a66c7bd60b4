using System.Diagnostics;

namespace Registry.Testing;

/// <summary>
/// One direction of the simulated WAN: a single link of a fixed rate that every connection through the proxy shares,
/// then half the round trip of propagation. A chunk is serialized when the link is free (after every chunk scheduled
/// before it, from any connection), so departures, and therefore deliveries, come in the order chunks were scheduled.
/// </summary>
internal sealed class WanLink
{
    private readonly Lock _lock = new();
    private readonly double _ticksPerByte;
    // A double, so the fractions of a tick that each chunk's serialization leaves add up instead of being dropped.
    private double _freeAt;
    private long _bytesDelivered;

    public WanLink(double bitsPerSecond, TimeSpan roundTrip)
    {
        _ticksPerByte = 8 * Stopwatch.Frequency / bitsPerSecond;
        OneWayTicks = WanTimer.Ticks(roundTrip / 2);
    }

    /// <summary>Half the round trip, in Stopwatch ticks: propagation, and the way back of an acknowledgement.</summary>
    public long OneWayTicks { get; }

    public long BytesDelivered => Interlocked.Read(ref _bytesDelivered);

    /// <summary>Puts <paramref name="bytes"/> on the link now and returns when they arrive at the far end (a Stopwatch
    /// timestamp). Zero bytes (a FIN) take no link time but still arrive after everything scheduled before them.</summary>
    public long Schedule(int bytes)
    {
        double departure;
        lock (_lock)
        {
            _freeAt = Math.Max(WanTimer.Now, _freeAt) + bytes * _ticksPerByte;
            departure = _freeAt;
        }
        return (long)Math.Ceiling(departure) + OneWayTicks;
    }

    public void Delivered(int bytes) => Interlocked.Add(ref _bytesDelivered, bytes);
}
