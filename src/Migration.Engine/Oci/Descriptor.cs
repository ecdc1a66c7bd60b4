namespace Migration.Engine.Oci;

/// <summary>A reference from a manifest to a blob or a child manifest.</summary>
public sealed record Descriptor(string MediaType, Digest Digest, long Size)
{
    public Platform? Platform { get; init; }

    public string? ArtifactType { get; init; }

    /// <summary>Foreign layers (Windows base images) live elsewhere; registries do not require them.</summary>
    public bool IsForeign { get; init; }

    /// <summary>The content itself, for a blob the source does not hold (the config made when converting schema1), as
    /// the OCI descriptor's <c>data</c> field embeds it. Copied from here instead of from the source.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public byte[]? Data { get; init; }
}
