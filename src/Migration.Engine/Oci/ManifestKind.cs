namespace Migration.Engine.Oci;

public enum ManifestKind
{
    DockerImage,
    DockerList,
    OciImage,
    OciIndex,
    /// <summary>An OCI manifest whose config or <c>artifactType</c> is not an image (Helm, SBOMs, signatures).</summary>
    OciArtifact,
    Schema1,
    Schema1Signed,
    Unknown,
}

public static class ManifestKindExtensions
{
    public static bool IsIndex(this ManifestKind kind) => kind is ManifestKind.DockerList or ManifestKind.OciIndex;

    public static bool IsSchema1(this ManifestKind kind) => kind is ManifestKind.Schema1 or ManifestKind.Schema1Signed;

    /// <summary>The short word the inventory and the dashboard show.</summary>
    public static string Label(this ManifestKind kind) => kind switch
    {
        ManifestKind.DockerImage => "image",
        ManifestKind.DockerList => "index",
        ManifestKind.OciImage => "oci",
        ManifestKind.OciIndex => "index",
        ManifestKind.OciArtifact => "artifact",
        ManifestKind.Schema1 or ManifestKind.Schema1Signed => "schema1",
        _ => "unknown",
    };
}
