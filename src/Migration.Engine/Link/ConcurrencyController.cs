namespace Migration.Engine.Link;

/// <summary>
/// How many requests may be in flight, decided from what each interval got done, in the spirit of TCP's slow start:
/// while more in flight makes the work go faster, take more (twice as many each interval); once two intervals in a
/// row bring no gain, the link (or the target) is full, and the limit stays, probing a quarter higher now and then
/// in case the link has freed up. A throttled or failing target halves it. Intervals in which nothing waited for a
/// slot say nothing about the limit (the work, not the limit, was short) and are ignored.
/// The round trip says when more would only queue: bytes sent faster than the link takes them wait in its queue (the
/// sender's buffers, a router's), and every small request (a manifest push, a check) waits behind them. When even the
/// quickest small request of an interval took well over the run's best round trip, the queue is building and the limit
/// stops growing.
/// </summary>
internal sealed class ConcurrencyController(int max)
{
    // One request is worth this many bytes of work: checks and manifest pushes move few bytes but take a round trip
    // each, and the planner's and verifier's phases need the same "more in flight helps" signal as uploads.
    public const long BytesPerRequest = 128 * 1024;

    private const double Gain = 1.10;
    private const int IntervalsBetweenProbes = 8;

    private double _best;
    private int _flat;
    private bool _filling = true;
    private bool _seeded;
    private int _sinceProbe;
    private (int Limit, double Work)? _probing;

    public int Max { get; } = Math.Max(1, max);

    public int Limit { get; private set; } = Math.Clamp(8, 1, Math.Max(1, max));

    /// <summary>The first round trip measured gives a starting point: a long link needs many requests in flight before
    /// the first interval can even show it (about one for every 2.5 ms of round trip, at least 8).</summary>
    public void Seed(TimeSpan roundTrip)
    {
        if (_seeded) return;
        _seeded = true;
        Limit = Math.Clamp((int)Math.Ceiling(roundTrip.TotalMilliseconds / 2.5), Math.Min(8, Max), Max);
    }

    /// <param name="work">Bytes sent plus <see cref="BytesPerRequest"/> for each request finished, per second.</param>
    /// <param name="waited">Whether anything waited for a slot during the interval.</param>
    /// <param name="quickest">The shortest round trip of a small request in the interval, if there was one.</param>
    /// <param name="best">The shortest round trip of the run so far.</param>
    public void Interval(double work, bool waited, TimeSpan? quickest = null, TimeSpan? best = null)
    {
        if (!waited) return;
        // Small requests waiting behind a queue: the link is full, and more in flight would only wait longer. (Shrinking
        // on it was tried and cost more than it saved: on a deep queue every upload builds one, and fewer uploads left
        // the link idle between them; bench/RESULTS.md, issue 12.)
        if (quickest is { } q && best is { } b && q - b > Longer(b / 4, TimeSpan.FromMilliseconds(5)))
        {
            (_filling, _probing, _sinceProbe) = (false, null, 0);
            return;
        }
        if (_filling)
        {
            if (work > _best * Gain)
            {
                (_best, _flat) = (work, 0);
                Limit = Math.Min(Max, Limit * 2);
            }
            else if (++_flat >= 2)
            {
                _filling = false;
            }
            return;
        }
        if (_probing is { } probe)
        {
            // Two intervals to show a gain; none, and the probe's extra requests go back.
            if (++_sinceProbe < 2) return;
            if (work < probe.Work * Gain) Limit = probe.Limit;
            _probing = null;
            _sinceProbe = 0;
            return;
        }
        if (++_sinceProbe >= IntervalsBetweenProbes && Limit < Max)
        {
            _probing = (Limit, work);
            _sinceProbe = 0;
            Limit = Math.Min(Max, Limit + Math.Max(1, Limit / 4));
        }
    }

    private static TimeSpan Longer(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>429, 503 or a time-out: half as many, and no climbing back until the work shows it helps.</summary>
    public void Congested()
    {
        Limit = Math.Max(1, Limit / 2);
        (_filling, _probing, _sinceProbe, _best) = (false, null, 0, 0);
    }
}
