using System.Net.Sockets;
using Migration.Engine.Oci;

namespace Migration.Engine.Registry;

/// <summary>
/// The one place retries happen: registry requests, blob uploads, each chunk of a chunked upload, and a streamed
/// upload whose token expired mid-request. Each try calls the operation again from the start, so an upload gets a
/// fresh source stream and a fresh session; a half-sent body is never resent.
/// </summary>
public sealed record RetryPolicy
{
    public static RetryPolicy Default { get; } = new();

    public int MaxAttempts { get; init; } = 6;

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The "don't retry" predicate: failures no retry can mend, looked for along the inner exceptions
    /// (HttpClient wraps what a request body's stream throws). A malformed manifest stays malformed.</summary>
    public Func<Exception, bool> IsPermanent { get; init; } = ex => ex is MalformedManifestException;

    /// <summary>Told before each retry (what, attempt, cause), so a run can show them.</summary>
    public Action<string, int, Exception>? OnRetry { get; init; }

    /// <summary>This policy, with <paramref name="permanent"/> failures never retried either.</summary>
    public RetryPolicy NeverRetrying(Func<Exception, bool> permanent)
    {
        var before = IsPermanent;
        return this with { IsPermanent = ex => before(ex) || permanent(ex) };
    }

    /// <summary>Runs <paramref name="operation"/> (given the attempt number, from 1) until it succeeds, fails for good,
    /// or runs out of attempts.</summary>
    public async Task<T> ExecuteAsync<T>(string what, Func<int, CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        // A 429 is the target pacing us, not a failure: waiting it out does not use up the attempts, up to a limit.
        var throttledFor = TimeSpan.Zero;
        for (int attempt = 1, counted = 1; ; attempt++)
        {
            try
            {
                return await operation(attempt, cancellationToken);
            }
            catch (Exception ex) when (ShouldRetry(ex, cancellationToken) &&
                                       (counted < MaxAttempts || (IsThrottled(ex) && throttledFor < MaxThrottledWait)))
            {
                var delay = DelayFor(counted, ex);
                if (IsThrottled(ex)) throttledFor += delay = delay < MinThrottledDelay ? MinThrottledDelay : delay;
                else counted++;
                OnRetry?.Invoke(what, attempt, ex);
                await Task.Delay(delay, cancellationToken);
            }
        }
    }

    /// <summary>How long one operation may wait on 429s (the target's Retry-After, or a second at a time) before it
    /// fails like any other.</summary>
    public TimeSpan MaxThrottledWait { get; init; } = TimeSpan.FromMinutes(10);

    private static readonly TimeSpan MinThrottledDelay = TimeSpan.FromSeconds(1);

    private static bool IsThrottled(Exception ex) => ex is RegistryException { Status: System.Net.HttpStatusCode.TooManyRequests };

    public Task ExecuteAsync(string what, Func<int, CancellationToken, Task> operation, CancellationToken cancellationToken) =>
        ExecuteAsync<bool>(what, async (attempt, ct) => { await operation(attempt, ct); return true; }, cancellationToken);

    /// <summary>True for failures that may pass by waiting: a dropped connection, a 5xx, a 429, our own HTTP timeout.</summary>
    public bool ShouldRetry(Exception ex, CancellationToken cancellationToken) =>
        !HasPermanentCause(ex) && ex switch
        {
            RegistryException r => r.IsTransient,
            HttpRequestException { StatusCode: null } => true,
            HttpRequestException h => h.StatusCode is { } s && RegistryErrors.IsTransientStatus(s),
            // HttpClient's own timeout surfaces as a cancellation that is not ours.
            OperationCanceledException => !cancellationToken.IsCancellationRequested,
            IOException or SocketException => true,
            _ => false,
        };

    private bool HasPermanentCause(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (IsPermanent(ex)) return true;
        }
        return false;
    }

    private TimeSpan DelayFor(int attempt, Exception ex)
    {
        if (ex is RegistryException { RetryAfter: { } after } && after > TimeSpan.Zero)
            return after < MaxDelay ? after : MaxDelay;
        var exponential = BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1);
        var jittered = exponential * (0.75 + Random.Shared.NextDouble() / 2);
        return TimeSpan.FromMilliseconds(Math.Min(jittered, MaxDelay.TotalMilliseconds));
    }
}
