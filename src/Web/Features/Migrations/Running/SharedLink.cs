using Migration.Engine.Link;

namespace Web.Features.Migrations;

/// <summary>
/// One migration's link to the target in this process: the <see cref="LinkGovernor"/> its repository jobs here share,
/// the latest measurement, and a loop beside the copy that reads the cap (setting this process's share of it, see
/// <see cref="MigrationLinkStore.CapShareAsync"/>) and writes the measurement for pages on other nodes. Handed out by
/// <see cref="MigrationLinks"/>.
/// </summary>
public sealed class SharedLink : IAsyncDisposable
{
    private readonly MigrationLinkStore _store;
    private readonly ILogger _logger;
    // The loop and a cap change pressed on this node may refresh at once; the cap is set by one of them at a time.
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _firstShare = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _loop;
    private WorkerLink? _latest;
    private DateTimeOffset _saved;

    public SharedLink(int migrationId, string worker, int maxConcurrency, long? cap, MigrationLinkStore store, TimeSpan every, ILogger logger)
    {
        (MigrationId, Worker, _store, _logger) = (migrationId, worker, store, logger);
        Governor = new LinkGovernor(maxConcurrency, cap);
        _loop = LoopAsync(every, _stop.Token);
    }

    public int MigrationId { get; }
    public string Worker { get; }
    public LinkGovernor Governor { get; }
    public WorkerLink? Latest => Volatile.Read(ref _latest);

    /// <summary>The repository jobs using it; changed by <see cref="MigrationLinks"/> under its lock only.</summary>
    internal int Users { get; set; }

    /// <summary>Completes once the first share of the cap has been read (or could not be): a job waits for it before it
    /// sends, so a worker joining a scaled-out migration does not begin at the whole cap.</summary>
    public Task FirstShare => _firstShare.Task;

    /// <summary>The engine's measurement, from any transfer thread. Cheap; never blocks.</summary>
    public void Measured(LinkStatus status) => Volatile.Write(ref _latest, new WorkerLink(Worker, status, DateTimeOffset.UtcNow));

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _refreshing.WaitAsync(cancellationToken);
        try
        {
            var share = await _store.CapShareAsync(MigrationId, cancellationToken);
            // Only on a change: setting the cap forgives what was booked at the old rate, and doing that every second
            // would let a burst through each time.
            if (Governor.Cap.BytesPerSecond != share) Governor.Cap.BytesPerSecond = share;
            if (Latest is { } latest && latest.MeasuredAt != _saved)
            {
                await _store.SaveAsync(MigrationId, latest, cancellationToken);
                _saved = latest.MeasuredAt;
            }
        }
        finally
        {
            _refreshing.Release();
        }
    }

    private async Task LoopAsync(TimeSpan every, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(every);
        try
        {
            do
            {
                try
                {
                    await RefreshAsync(stop);
                }
                catch (Exception ex)
                {
                    if (stop.IsCancellationRequested) break;
                    // A busy database only delays the change; the governor keeps the cap it has.
                    _logger.LogDebug(ex, "reading the bandwidth cap of migration {MigrationId} failed; trying again at the next tick", MigrationId);
                }
                _firstShare.TrySetResult();
            }
            while (await timer.WaitForNextTickAsync(stop));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        finally
        {
            _firstShare.TrySetResult();
        }
    }

    /// <summary>Stops the loop, takes this worker's measurement out of the sums and closes the governor.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        try
        {
            await _store.ForgetAsync(MigrationId, Worker, CancellationToken.None);
        }
        catch (Exception ex)
        {
            _logger.LogDebug(ex, "removing the link measurement of migration {MigrationId} failed; it goes stale by itself", MigrationId);
        }
        Governor.Dispose();
        _stop.Dispose();
    }
}
