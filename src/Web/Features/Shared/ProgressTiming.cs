namespace Web.Features.Shared;

/// <summary>How often live progress moves: pushed to pages and the hub at most every <see cref="PushEvery"/> (with the
/// last update always delivered), and written to the database every <see cref="FlushEvery"/> for reloads, resumes and
/// other app instances.</summary>
public sealed record ProgressTiming
{
    public TimeSpan PushEvery { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan FlushEvery { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a worker copying a migration reads its bandwidth cap (so a change applies within about this
    /// long on every worker) and writes its measurement of the link for the pages of other nodes.</summary>
    public TimeSpan LinkEvery { get; init; } = TimeSpan.FromSeconds(1);
}
