using System.Net.Sockets;

namespace Migration.Engine.Registry;

/// <summary>
/// The one place retries happen. Each try calls the operation again from the start, so an upload gets a
/// fresh source stream and a fresh session; a half-sent body is never resent.
/// </summary>
public sealed class RetryPolicy(int maxAttempts = 6, TimeSpan? baseDelay = null, TimeSpan? maxDelay = null)
{
    private readonly TimeSpan _baseDelay = baseDelay ?? TimeSpan.FromMilliseconds(250);
    private readonly TimeSpan _maxDelay = maxDelay ?? TimeSpan.FromSeconds(15);

    public static RetryPolicy Default { get; } = new();

    public int MaxAttempts => maxAttempts;

    /// <summary>Runs <paramref name="operation"/>, calling <paramref name="onRetry"/> (attempt, cause) before each retry.</summary>
    public async Task<T> ExecuteAsync<T>(Func<int, CancellationToken, Task<T>> operation, CancellationToken cancellationToken,
        Action<int, Exception>? onRetry = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await operation(attempt, cancellationToken);
            }
            catch (Exception ex) when (attempt < maxAttempts && IsTransient(ex, cancellationToken))
            {
                onRetry?.Invoke(attempt, ex);
                await Task.Delay(DelayFor(attempt, ex), cancellationToken);
            }
        }
    }

    public Task ExecuteAsync(Func<int, CancellationToken, Task> operation, CancellationToken cancellationToken,
        Action<int, Exception>? onRetry = null) =>
        ExecuteAsync<bool>(async (attempt, ct) => { await operation(attempt, ct); return true; }, cancellationToken, onRetry);

    public static bool IsTransient(Exception ex, CancellationToken cancellationToken) =>
        !CausedBySource(ex) && ex switch
    {
        RegistryException r => r.IsTransient,
        HttpRequestException { StatusCode: null } => true,
        HttpRequestException h => h.StatusCode is { } s && RegistryErrors.IsTransientStatus(s),
        // HttpClient's own timeout surfaces as a cancellation that is not ours.
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        IOException or SocketException => true,
        _ => false,
    };

    // HttpClient wraps what a request body's stream throws; a bad source blob stays bad however often we try.
    private static bool CausedBySource(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is Sources.SourceException or Oci.MalformedManifestException) return true;
        }
        return false;
    }

    private TimeSpan DelayFor(int attempt, Exception ex)
    {
        if (ex is RegistryException { RetryAfter: { } after } && after > TimeSpan.Zero)
            return after < _maxDelay ? after : _maxDelay;
        var exponential = _baseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1);
        var jittered = exponential * (0.75 + Random.Shared.NextDouble() / 2);
        return TimeSpan.FromMilliseconds(Math.Min(jittered, _maxDelay.TotalMilliseconds));
    }
}
