namespace HarborDouble.Api.Models;

/// <summary>swagger `Artifact` (docs/harbor.md#artifacts).</summary>
internal sealed record ArtifactJson(
    long Id,
    string Type,
    string MediaType,
    string ManifestMediaType,
    string? ArtifactType,
    long ProjectId,
    long RepositoryId,
    string RepositoryName,
    string Digest,
    long Size,
    string PushTime,
    string PullTime,
    IReadOnlyDictionary<string, string>? Annotations,
    IReadOnlyList<ReferenceJson>? References,
    IReadOnlyList<TagJson>? Tags,
    IReadOnlyList<AccessoryJson>? Accessories);
