using System.Diagnostics;

namespace Registry.Testing;

/// <summary>
/// Wakes waiters at Stopwatch timestamps, from one thread of its own. .NET's timer queue (Task.Delay, Timer) fires on
/// a coarse grid on this kind of machine: Task.Delay(1) took about 4 ms, Task.Delay(5) about 8 ms, while a thread's
/// own timed wait (Monitor.Wait) overshoots by about 0.1 ms. A WAN of 40 ms round trips cannot afford the grid.
/// Waiters continue on this thread too; what they do before their next wait is short (a send, a read).
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
        // Continuations run on the timer's thread (see Run), not the thread pool's.
        var waiter = new TaskCompletionSource();
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
        // A waiter's continuation (on this thread) may be what stops the timer; it cannot wait for itself.
        if (Thread.CurrentThread != _thread) _thread.Join();
    }

    private void Run()
    {
        var due = new List<TaskCompletionSource>();
        while (true)
        {
            var stopped = TakeDue(due);
            // Completed outside the lock and on this thread: a waiter's next step (a send to a socket, the next wait) runs
            // here at once. Through the thread pool each chunk cost two more thread wake-ups, which on this VM was most of
            // the proxy's CPU (about 120 µs a chunk at 200 Mbit/s).
            foreach (var waiter in due)
            {
                if (stopped) waiter.TrySetCanceled();
                else waiter.TrySetResult();
            }
            due.Clear();
            if (stopped) return;
        }
    }

    /// <summary>Waits until a deadline is due and moves every due waiter into <paramref name="due"/>; on stop, moves them
    /// all and returns true.</summary>
    private bool TakeDue(List<TaskCompletionSource> due)
    {
        lock (_gate)
        {
            while (true)
            {
                if (_stopped)
                {
                    while (_due.TryDequeue(out var waiter, out _)) due.Add(waiter);
                    return true;
                }
                if (!_due.TryPeek(out _, out var at))
                {
                    Monitor.Wait(_gate);
                    continue;
                }
                if (IsDue(at))
                {
                    while (_due.TryPeek(out _, out at) && IsDue(at)) due.Add(_due.Dequeue());
                    return false;
                }
                Monitor.Wait(_gate, (int)Math.Round((at - Now) * 1000.0 / Stopwatch.Frequency));
            }
        }
    }
}
