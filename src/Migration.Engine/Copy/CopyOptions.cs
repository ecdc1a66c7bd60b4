using Migration.Engine.Registry;
using Migration.Engine.Sources;
using Migration.Engine.Plan;

namespace Migration.Engine.Copy;

/// <summary>Everything that shapes one migration run.</summary>
public sealed record CopyOptions
{
    /// <summary>Blob transfers and images in flight across the whole run. 8 was fastest on loopback in bench/ (see RESULTS.md).</summary>
    public int Concurrency { get; init; } = 8;

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
