using Migration.Engine.Link;
using Migration.Engine.Registry;
using Migration.Engine.Sources;
using Migration.Engine.Plan;

namespace Migration.Engine.Copy;

/// <summary>Everything that shapes one migration run.</summary>
public sealed record CopyOptions
{
    /// <summary>The most requests (blob transfers, manifest pushes, checks) in flight at once. An upper bound: the run
    /// finds how many the link takes by itself (<see cref="ConcurrencyController"/>).</summary>
    public int Concurrency { get; init; } = LinkGovernor.DefaultMaxConcurrency;

    /// <summary>The most bytes a second the run sends; null for no cap. Changed while it runs through <see cref="Link"/>.</summary>
    public long? MaxBytesPerSecond { get; init; }

    /// <summary>The link shared with other runs of the same migration in this process, so their requests in flight and
    /// their cap add up; by default each run makes its own from <see cref="Concurrency"/> and <see cref="MaxBytesPerSecond"/>.</summary>
    public LinkGovernor? Link { get; init; }

    /// <summary>Push untagged manifests by digest as well.</summary>
    public bool IncludeUntagged { get; init; }

    /// <summary>Blobs larger than this go up in PATCH chunks that can resume; smaller ones in one PUT.</summary>
    public long ChunkThreshold { get; init; } = 256L << 20;

    public long ChunkSize { get; init; } = 64L << 20;

    /// <summary>Every retry of the run. A source that is broken stays broken: its failures are never retried.</summary>
    public RetryPolicy Retry { get; init; } = RetryPolicy.Default.NeverRetrying(ex => ex is SourceException);

    /// <summary>Check the target against the source when the copy is done (the report's verification).</summary>
    public bool Verify { get; init; } = true;

    /// <summary>Work out and report the plan, transfer nothing.</summary>
    public bool DryRun { get; init; }
}
