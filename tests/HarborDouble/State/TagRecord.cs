namespace HarborDouble.State;

/// <summary>A tag row. Tags live only in the double, as in Harbor 2.15+ (docs/harbor.md#manifest-pushes).</summary>
internal sealed class TagRecord(long id, RepositoryRecord repository, string name)
{
    public long Id { get; } = id;
    public RepositoryRecord Repository { get; } = repository;
    public string Name { get; } = name;
    public required ArtifactRecord Artifact { get; set; }
    public DateTimeOffset PushTime { get; set; }
}
