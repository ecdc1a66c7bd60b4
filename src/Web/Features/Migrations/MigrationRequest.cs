using Migration.Engine.Link;

namespace Web.Features.Migrations;

/// <summary>What the new-migration wizard (and later the API) asks for. Stored with the migration as JSON.</summary>
public sealed record MigrationRequest
{
    public int SourceId { get; init; }
    public int TargetId { get; init; }
    public IReadOnlyList<string> Include { get; init; } = [];
    public IReadOnlyList<string> Exclude { get; init; } = [];
    public string? TagPattern { get; init; }
    public int? Latest { get; init; }
    public bool IncludeUntagged { get; init; }
    /// <summary>Schema1 images become schema2 (new digests, same layers); off: they are left behind, reported.</summary>
    public bool ConvertSchema1 { get; init; } = true;
    /// <summary>Also copy tags whose manifest the registry no longer serves (an interrupted DELETE leaves them).</summary>
    public bool IncludeDanglingTags { get; init; }
    /// <summary>The most requests (uploads, mounts, manifest pushes, checks) in flight on each worker: an upper bound; the
    /// run finds how many the link takes by itself.</summary>
    public int Concurrency { get; init; } = LinkGovernor.DefaultMaxConcurrency;
    /// <summary>The bandwidth cap to start with, bytes a second for the whole migration; null: none. The cap in force is
    /// <see cref="Web.Data.MigrationEntity.MaxBytesPerSecond"/>, which can change while the migration runs.</summary>
    public long? MaxBytesPerSecond { get; init; }
    public bool CreateProjects { get; init; } = true;
    public bool Verify { get; init; } = true;

    /// <summary>The largest <see cref="Concurrency"/> allowed: four times the default. Each request in flight may be a
    /// connection to the target, on every worker.</summary>
    public const int MostConcurrency = 256;
}
