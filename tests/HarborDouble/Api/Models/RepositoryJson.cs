namespace HarborDouble.Api.Models;

/// <summary>swagger `Repository`; <see cref="Name"/> is the full name with the project
/// (docs/harbor.md#artifacts).</summary>
internal sealed record RepositoryJson(
    long Id,
    long ProjectId,
    string Name,
    string? Description,
    long ArtifactCount,
    long PullCount,
    string CreationTime,
    string UpdateTime);
