using System.Diagnostics;

namespace Migration.Engine.Link;

/// <summary>
/// The link to the target as one run (or several runs of one migration in a process) shares it: slots for requests
/// in flight, as many as <see cref="ConcurrencyController"/> finds the link takes; the bandwidth cap; and what was
/// measured (round trip, rate). Every upload, mount, manifest push and check takes a slot; a target that answers
/// 429 or 503 halves the slots, and its Retry-After holds back every new request until then.
/// </summary>
public sealed class LinkGovernor : IDisposable
{
    /// <summary>The upper bound when the user sets none: past this, a 2-core registry gains nothing on any link we
    /// measured (bench/RESULTS.md), and each slot may be a connection.</summary>
    public const int DefaultMaxConcurrency = 64;

    private static readonly TimeSpan TickEvery = TimeSpan.FromMilliseconds(100);

    private readonly Lock _gate = new();
    private readonly Queue<TaskCompletionSource> _waiting = new();
    // Manifest pushes go ahead of queued uploads: each is tiny and finishes an image, so images finish as their blobs
    // land rather than all at the end, and the tail of the run is not a round trip per image.
    private readonly Queue<TaskCompletionSource> _urgent = new();
    private readonly ConcurrencyController _controller;
    private readonly TimeSpan[] _roundTrips = new TimeSpan[32];
    private readonly Queue<(long At, long Bytes)> _recent = new();
    private readonly CancellationTokenSource _stop = new();
    private int _inFlight;
    private int _roundTripCount;
    private long _bytes, _requests;
    private long _intervalStart, _intervalBytes, _intervalRequests;
    private bool _waitedThisInterval;
    private TimeSpan? _best, _quickestThisInterval;
    private long _pausedUntil, _lastCongestion;

    public LinkGovernor(int maxConcurrency = DefaultMaxConcurrency, long? maxBytesPerSecond = null)
    {
        _controller = new ConcurrencyController(maxConcurrency);
        Cap = new BandwidthCap(maxBytesPerSecond);
        _intervalStart = Stopwatch.GetTimestamp();
        _ = TickAsync(_stop.Token);
    }

    public BandwidthCap Cap { get; }

    public int MaxConcurrency => _controller.Max;

    public long BytesSent => Interlocked.Read(ref _bytes);

    public TimeSpan? RoundTrip
    {
        get
        {
            lock (_gate) return RecentRoundTrip();
        }
    }

    public LinkStatus Status
    {
        get
        {
            lock (_gate)
            {
                var rate = 0.0;
                if (_recent.Count > 1)
                {
                    var (firstAt, firstBytes) = _recent.Peek();
                    var seconds = Stopwatch.GetElapsedTime(firstAt).TotalSeconds;
                    rate = seconds > 0 ? (_bytes - firstBytes) / seconds : 0;
                }
                return new LinkStatus(rate, _inFlight, _controller.Limit, _controller.Max, RecentRoundTrip(), Cap.BytesPerSecond);
            }
        }
    }

    /// <summary>Waits for a slot; dispose the result to give it back. <paramref name="ahead"/> requests are served
    /// before any other waiting one.</summary>
    public async ValueTask<Slot> EnterAsync(CancellationToken cancellationToken, bool ahead = false)
    {
        TaskCompletionSource waiter;
        lock (_gate)
        {
            if (_waiting.Count == 0 && _urgent.Count == 0 && CanStart(Stopwatch.GetTimestamp()))
            {
                _inFlight++;
                return new Slot(this);
            }
            _waitedThisInterval = true;
            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            (ahead ? _urgent : _waiting).Enqueue(waiter);
        }
        await using (cancellationToken.Register(() => waiter.TrySetCanceled(cancellationToken)))
        {
            try
            {
                await waiter.Task;
            }
            catch (OperationCanceledException)
            {
                // Granted at the very moment it was cancelled: the slot was counted, so give it back.
                if (waiter.Task.IsCompletedSuccessfully) Leave();
                throw;
            }
        }
        return new Slot(this);
    }

    /// <summary>A small request was answered after <paramref name="roundTrip"/>.</summary>
    public void ObserveRoundTrip(TimeSpan roundTrip)
    {
        lock (_gate)
        {
            _roundTrips[_roundTripCount++ % _roundTrips.Length] = roundTrip;
            if (_best is null || roundTrip < _best) _best = roundTrip;
            if (_quickestThisInterval is null || roundTrip < _quickestThisInterval) _quickestThisInterval = roundTrip;
            _controller.Seed(roundTrip);
        }
        Pump();
    }

    public void CountSent(long bytes) => Interlocked.Add(ref _bytes, bytes);

    /// <summary>The target said it is overloaded (429, 503) or a request timed out: halve the slots (once per
    /// round of the controller, however many requests heard it) and start nothing new before Retry-After.</summary>
    public void Congested(TimeSpan? retryAfter)
    {
        lock (_gate)
        {
            var now = Stopwatch.GetTimestamp();
            if (retryAfter is { } after && after > TimeSpan.Zero)
                _pausedUntil = Math.Max(_pausedUntil, now + (long)(Math.Min(after.TotalSeconds, 60) * Stopwatch.Frequency));
            if (Stopwatch.GetElapsedTime(_lastCongestion, now) < IntervalLength()) return;
            _lastCongestion = now;
            _controller.Congested();
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        lock (_gate)
        {
            while (_urgent.TryDequeue(out var waiter) || _waiting.TryDequeue(out waiter)) waiter.TrySetCanceled();
        }
    }

    // The quickest of the last samples: what the link answers in now, without the queue of a busy moment.
    private TimeSpan? RecentRoundTrip() => _roundTripCount == 0 ? null : _roundTrips.Take(Math.Min(_roundTripCount, _roundTrips.Length)).Min();

    private bool CanStart(long now) => _inFlight < _controller.Limit && now >= _pausedUntil;

    private void Leave()
    {
        lock (_gate)
        {
            _inFlight--;
            _requests++;
        }
        Pump();
    }

    private void Pump()
    {
        lock (_gate)
        {
            var now = Stopwatch.GetTimestamp();
            while ((_urgent.Count > 0 || _waiting.Count > 0) && CanStart(now))
            {
                // A cancelled waiter is skipped; its place goes to the next.
                if ((_urgent.Count > 0 ? _urgent : _waiting).Dequeue().TrySetResult()) _inFlight++;
            }
        }
    }

    // Long enough for a change of the limit to show in the work done: a few round trips, at least half a second.
    private TimeSpan IntervalLength()
    {
        return TimeSpan.FromMilliseconds(Math.Clamp((_best ?? TimeSpan.Zero).TotalMilliseconds * 4, 500, 2000));
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TickEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken)) Tick();
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Tick()
    {
        lock (_gate)
        {
            var now = Stopwatch.GetTimestamp();
            var bytes = Interlocked.Read(ref _bytes);
            _recent.Enqueue((now, bytes));
            while (_recent.Count > 11) _recent.Dequeue();
            var elapsed = Stopwatch.GetElapsedTime(_intervalStart, now);
            if (elapsed >= IntervalLength())
            {
                var work = (bytes - _intervalBytes + (_requests - _intervalRequests) * ConcurrencyController.BytesPerRequest) / elapsed.TotalSeconds;
                _controller.Interval(work, _waitedThisInterval || _waiting.Count > 0 || _urgent.Count > 0, _quickestThisInterval, _best);
                (_intervalStart, _intervalBytes, _intervalRequests, _waitedThisInterval, _quickestThisInterval) = (now, bytes, _requests, false, null);
            }
        }
        // A Retry-After pause may have ended, or the limit grown.
        Pump();
    }

    /// <summary>One request's place on the link.</summary>
    public readonly struct Slot(LinkGovernor governor) : IDisposable
    {
        public void Dispose() => governor.Leave();
    }
}
