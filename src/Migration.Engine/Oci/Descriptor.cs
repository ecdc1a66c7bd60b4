namespace Migration.Engine.Oci;

/// <summary>A reference from a manifest to a blob or a child manifest.</summary>
public sealed record Descriptor(string MediaType, Digest Digest, long Size)
{
    public Platform? Platform { get; init; }

    public string? ArtifactType { get; init; }

    /// <summary>Foreign layers (Windows base images) live elsewhere; registries do not require them.</summary>
    public bool IsForeign { get; init; }
}
