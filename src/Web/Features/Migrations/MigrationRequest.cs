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
    public int Concurrency { get; init; } = 8;
    public bool CreateProjects { get; init; } = true;
    public bool Verify { get; init; } = true;
}
