using System.Diagnostics;

namespace Registry.Testing;

/// <summary>
/// Wakes waiters at Stopwatch timestamps, from one thread of its own. .NET's timer queue (Task.Delay, Timer) fires on
/// a coarse grid on this kind of machine: Task.Delay(1) took about 4 ms, Task.Delay(5) about 8 ms, while a thread's
/// own timed wait (Monitor.Wait) overshoots by about 0.1 ms. A WAN of 40 ms round trips cannot afford the grid.
/// </summary>
internal sealed class WanTimer : IDisposable
{
    // A deadline nearer than this is due now: firing up to half a millisecond early, as often as late, keeps the
    // average on time where a whole-millisecond wait would always be late.
    private static readonly long HalfMillisecond = Stopwatch.Frequency / 2000;

    private readonly object _gate = new();
    private readonly PriorityQueue<TaskCompletionSource, long> _due = new();
    private readonly Thread _thread;
    private bool _stopped;

    public WanTimer()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "wan-timer" };
        _thread.Start();
    }

    public static long Now => Stopwatch.GetTimestamp();

    public static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    /// <summary>True when <paramref name="timestamp"/> is less than half a millisecond away, where <see cref="At"/>
    /// completes at once: a caller that polls with this and waits with that never spins.</summary>
    public static bool IsDue(long timestamp) => timestamp - Now < HalfMillisecond;

    /// <summary>Completes at <paramref name="timestamp"/> (a <see cref="Stopwatch"/> timestamp); at once if that is
    /// less than half a millisecond away. Cancelled when the timer is disposed.</summary>
    public Task At(long timestamp)
    {
        if (IsDue(timestamp)) return Task.CompletedTask;
        // Continuations go to the thread pool, so a waiter's socket work never holds up the next deadline.
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_stopped) return Task.FromCanceled(new CancellationToken(true));
            _due.Enqueue(waiter, timestamp);
            if (_due.Peek() == waiter) Monitor.Pulse(_gate);
        }
        return waiter.Task;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stopped = true;
            Monitor.Pulse(_gate);
        }
        _thread.Join();
    }

    private void Run()
    {
        lock (_gate)
        {
            while (!_stopped)
            {
                if (!_due.TryPeek(out var waiter, out var at))
                {
                    Monitor.Wait(_gate);
                    continue;
                }
                var remaining = at - Now;
                if (remaining < HalfMillisecond)
                {
                    _due.Dequeue();
                    waiter.TrySetResult();
                    continue;
                }
                Monitor.Wait(_gate, (int)Math.Round(remaining * 1000.0 / Stopwatch.Frequency));
            }
            while (_due.TryDequeue(out var waiter, out _)) waiter.TrySetCanceled();
        }
    }
}
