using System.Collections.Concurrent;

namespace Web.Features.Migrations;

/// <summary>
/// The repository jobs this process is running now: their live counters and their cancellation. The database says
/// which instance owns a repository; this says whether one of this instance's own workers already has it (so a
/// duplicate delivery does not run beside it), holds numbers newer than the database's, and cancels at once when a
/// person presses Cancel on this instance (other instances notice at their next flush).
/// </summary>
public sealed class RunningRepositories
{
    private readonly ConcurrentDictionary<int, RunningRepository> _running = new();

    public RunningRepository? TryStart(int migrationId, int repositoryId, string repository)
    {
        var run = new RunningRepository(migrationId, repositoryId, repository);
        if (_running.TryAdd(repositoryId, run)) return run;
        run.Dispose();
        return null;
    }

    public void Finish(RunningRepository run)
    {
        _running.TryRemove(KeyValuePair.Create(run.RepositoryId, run));
        run.Dispose();
    }

    public bool AnyFor(int migrationId) => _running.Values.Any(r => r.MigrationId == migrationId);

    public void Cancel(int migrationId)
    {
        foreach (var run in _running.Values.Where(r => r.MigrationId == migrationId)) run.Cancel();
    }

    /// <summary>Stops every repository of the migration running here, as failed for <paramref name="reason"/> (the data
    /// folder is full), not cancelled: a retry runs them again.</summary>
    public void Stop(int migrationId, string reason)
    {
        foreach (var run in _running.Values.Where(r => r.MigrationId == migrationId)) run.Stop(reason);
    }

    /// <summary>Stops every repository running here, of any migration, as <see cref="Stop"/> does.</summary>
    public void StopAll(string reason)
    {
        foreach (var run in _running.Values) run.Stop(reason);
    }

    /// <summary>The stored snapshot with the live counters of repositories running here laid over it.</summary>
    public MigrationSnapshot Overlay(MigrationSnapshot stored)
    {
        var live = _running.Values.Where(r => r.MigrationId == stored.Id).ToDictionary(r => r.Repository, StringComparer.Ordinal);
        if (live.Count == 0) return stored;
        var repositories = stored.Repositories.Select(r => live.TryGetValue(r.Repository, out var run) && r.Status == Web.Data.JobStatus.Running
            ? r with
            {
                // Never backwards: the stored row may already hold more (a flush, or an earlier run of this repository).
                ImagesDone = Math.Max(r.ImagesDone, run.Counters.ImagesDone), ImagesFailed = Math.Max(r.ImagesFailed, run.Counters.ImagesFailed),
                BytesDone = run.Counters.BytesDone, InFlight = run.Counters.InFlight,
            }
            : r).ToList();
        return stored with
        {
            ImagesDone = repositories.Sum(r => r.ImagesDone), ImagesFailed = repositories.Sum(r => r.ImagesFailed),
            BytesDone = repositories.Sum(r => r.BytesDone), Repositories = repositories,
        };
    }
}

/// <summary>One repository job running in this process.</summary>
public sealed class RunningRepository(int migrationId, int repositoryId, string repository) : IDisposable
{
    private readonly CancellationTokenSource _cancel = new();

    public int MigrationId => migrationId;
    public int RepositoryId => repositoryId;
    public string Repository => repository;
    public RepositoryCounters Counters { get; } = new();
    public CancellationToken Cancelled => _cancel.Token;

    /// <summary>Why the run was stopped when it was not a person's cancel; null otherwise.</summary>
    public string? StopReason { get; private set; }

    public void Stop(string reason)
    {
        StopReason ??= reason;
        Cancel();
    }

    public void Cancel()
    {
        try
        {
            _cancel.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Finished a moment ago.
        }
    }

    public void Dispose() => _cancel.Dispose();
}
