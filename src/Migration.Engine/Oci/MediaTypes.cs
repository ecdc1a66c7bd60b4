namespace Migration.Engine.Oci;

public static class MediaTypes
{
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string DockerSchema1 = "application/vnd.docker.distribution.manifest.v1+json";
    public const string DockerSchema1Signed = "application/vnd.docker.distribution.manifest.v1+prettyjws";
    public const string DockerConfig = "application/vnd.docker.container.image.v1+json";
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string OciConfig = "application/vnd.oci.image.config.v1+json";

    /// <summary>Every manifest type we can read. distribution 2.8 answers 404 for an OCI manifest unless
    /// Accept lists it (docs/distribution.md#reading-manifests), so this always goes out whole.</summary>
    public static readonly string[] AllManifests =
    [
        OciIndex, OciManifest, DockerManifestList, DockerManifest, DockerSchema1Signed, DockerSchema1,
    ];

    public static bool IsImageConfig(string mediaType) => mediaType is DockerConfig or OciConfig;
}
