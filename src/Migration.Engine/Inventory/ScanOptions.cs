namespace Migration.Engine.Inventory;

/// <summary>How a scan runs.</summary>
public sealed record ScanOptions
{
    /// <summary>Hash every unique blob to find corrupt ones (reads every byte once).</summary>
    public bool Deep { get; init; }

    /// <summary>Repositories read at once; storage folders like more, HTTP registries fewer.</summary>
    public int Parallelism { get; init; } = Math.Max(4, Environment.ProcessorCount * 2);

    /// <summary>Limits the scan to these source repositories (after filters), null for all.</summary>
    public Func<string, bool>? RepositoryFilter { get; init; }
}

/// <summary>Scan progress: repositories read so far.</summary>
public sealed record ScanProgress(int RepositoriesDone, int RepositoriesTotal, string? Repository);
