using System.Diagnostics;

namespace Web.Features.Shared;

/// <summary>
/// Turns a burst of "something changed" pokes into at most one <c>publish</c> per interval, and always one more after
/// the last poke (trailing edge, as the Aspire Dashboard's throttler does): the final numbers always reach the page.
/// <see cref="Poke"/> is cheap and never blocks or throws, so engine transfer threads may call it on every event;
/// <c>publish</c> runs on the thread pool, one at a time, and reads the latest state itself.
/// </summary>
public sealed class TrailingThrottle(TimeSpan interval, Func<Task> publish, ILogger? logger = null)
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private int _scheduled;
    private long _lastStarted;

    public void Poke()
    {
        if (Interlocked.Exchange(ref _scheduled, 1) == 1) return;
        _ = Task.Run(RunAsync);
    }

    /// <summary>Publishes now, after any publish under way: for a state change (finished, failed) that must not wait,
    /// and must not be overtaken by an older update.</summary>
    public async Task PublishNowAsync()
    {
        await _oneAtATime.WaitAsync();
        try
        {
            await publish();
        }
        catch (Exception ex)
        {
            logger?.LogDebug(ex, "publishing progress failed; the next change publishes again");
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private async Task RunAsync()
    {
        var last = Interlocked.Read(ref _lastStarted);
        var wait = last == 0 ? TimeSpan.Zero : interval - Stopwatch.GetElapsedTime(last);
        if (wait > TimeSpan.Zero) await Task.Delay(wait);
        await _oneAtATime.WaitAsync();
        try
        {
            Interlocked.Exchange(ref _lastStarted, Stopwatch.GetTimestamp());
            // Cleared before publishing: a poke from here on schedules the next run, which sees what this one missed.
            Volatile.Write(ref _scheduled, 0);
            await publish();
        }
        catch (Exception ex)
        {
            // Progress is best effort; the work itself never fails because a listener did.
            logger?.LogDebug(ex, "publishing progress failed; the next change publishes again");
        }
        finally
        {
            _oneAtATime.Release();
        }
    }
}
