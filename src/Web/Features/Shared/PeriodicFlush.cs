namespace Web.Features.Shared;

/// <summary>
/// Runs <c>flush</c> every interval on its own loop until disposed, then once more, so the database hears about
/// progress without any transfer thread waiting on it. A failed flush is logged and the next one tries again.
/// </summary>
public sealed class PeriodicFlush : IAsyncDisposable
{
    private readonly Func<CancellationToken, Task> _flush;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public PeriodicFlush(TimeSpan interval, Func<CancellationToken, Task> flush, ILogger logger)
    {
        (_flush, _logger) = (flush, logger);
        _loop = LoopAsync(interval, _stop.Token);
    }

    private async Task LoopAsync(TimeSpan interval, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop)) await FlushOnceAsync(stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private async Task FlushOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _flush(cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            _logger.LogDebug(ex, "saving progress failed; trying again at the next tick");
        }
    }

    /// <summary>Stops the loop; a flush under way is cancelled (the caller writes the final state itself).</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }
}
