namespace Registry.Testing;

/// <summary>A layer made of seeded bytes: the same (seed, size) is the same blob in every repository.</summary>
public sealed record LayerSpec(long Seed, long Size);

/// <summary>An image to push: its layers, format and platform.</summary>
public sealed record ImageSpec(IReadOnlyList<LayerSpec> Layers)
{
    public bool Oci { get; init; }
    public string Os { get; init; } = "linux";
    public string Architecture { get; init; } = "amd64";
    public string? Variant { get; init; }
    /// <summary>Makes an OCI artifact: this artifactType and an empty config.</summary>
    public string? ArtifactType { get; init; }
    /// <summary>Distinguishes configs of otherwise equal images.</summary>
    public string Label { get; init; } = "";
    /// <summary>The config's environment and command, for checks that compare them (null: left out).</summary>
    public IReadOnlyList<string>? Env { get; init; }
    public IReadOnlyList<string>? Cmd { get; init; }
    /// <summary>The image this one describes (an SBOM, a signature): written as the manifest's OCI 1.1 <c>subject</c>.</summary>
    public PushedManifest? Subject { get; init; }
}

/// <summary>A manifest as pushed.</summary>
public sealed record PushedManifest(string Digest, string MediaType, byte[] Bytes, string? Platform = null)
{
    public long Size => Bytes.Length;
}
