namespace HarborDouble.State;

/// <summary>A repository row; <see cref="Name"/> is the full name with the project.</summary>
internal sealed class RepositoryRecord(long id, ProjectRecord project, string name, DateTimeOffset creationTime)
{
    public long Id { get; } = id;
    public ProjectRecord Project { get; } = project;
    public string Name { get; } = name;
    public DateTimeOffset CreationTime { get; } = creationTime;
    public DateTimeOffset UpdateTime { get; set; } = creationTime;
    public long PullCount { get; set; }

    /// <summary>The name without the project, as the artifact API paths and immutable messages use it.</summary>
    public string ShortName => Name[(Project.Name.Length + 1)..];
}
