namespace HarborDouble.State;

/// <summary>An artifact row: one manifest in one repository, recorded when its PUT succeeded
/// (docs/harbor.md#manifest-pushes).</summary>
internal sealed class ArtifactRecord(long id, RepositoryRecord repository, string digest)
{
    public long Id { get; } = id;
    public RepositoryRecord Repository { get; } = repository;
    public string Digest { get; } = digest;
    public required string ManifestMediaType { get; init; }
    /// <summary>The config media type for images, the index type for an index (docs/harbor.md#artifacts).</summary>
    public required string MediaType { get; init; }
    public string? ArtifactType { get; init; }
    /// <summary>IMAGE, CHART, CNAB or UNKNOWN.</summary>
    public required string Type { get; init; }
    /// <summary>Manifest bytes + config + layers; for an index, index bytes + its children
    /// (docs/harbor.md#artifacts).</summary>
    public required long Size { get; init; }
    /// <summary>The manifest's own bytes, as a referrers descriptor gives it.</summary>
    public required long ManifestSize { get; init; }
    public required DateTimeOffset PushTime { get; init; }
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }
    public IReadOnlyList<ArtifactChild> Children { get; init; } = [];

    /// <summary>Set for signatures, SBOMs and `subject` manifests: they are hidden from lists
    /// (docs/harbor.md#artifacts).</summary>
    public string? SubjectDigest { get; set; }
    public string? AccessoryType { get; set; }

    public bool IsIndex => Children.Count > 0 || ManifestMediaType is MediaTypes.OciIndex or MediaTypes.DockerList;
    public bool IsAccessory => SubjectDigest is not null;
}
