using System.Collections.Concurrent;

namespace Web.Features.Jobs;

/// <summary>The repository jobs this process is running now. The database says which instance owns a repository; this
/// says whether one of this instance's own workers already has it, so a duplicate delivery does not run beside it.</summary>
public sealed class RepositoryRunsHere
{
    private readonly ConcurrentDictionary<int, bool> _running = new();

    public bool TryStart(int repositoryId) => _running.TryAdd(repositoryId, true);

    public void Finish(int repositoryId) => _running.TryRemove(repositoryId, out _);
}
