namespace HarborDouble.Registry;

/// <summary>The manifest media types Harbor's artifact controller understands
/// (docs/harbor.md#manifest-media-types).</summary>
internal static class MediaTypes
{
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string SignedSchema1 = "application/vnd.docker.distribution.manifest.v1+prettyjws";
    public const string UnsignedSchema1 = "application/vnd.docker.distribution.manifest.v1+json";

    public const string DockerConfig = "application/vnd.docker.container.image.v1+json";
    public const string OciConfig = "application/vnd.oci.image.config.v1+json";
    public const string HelmConfig = "application/vnd.cncf.helm.config.v1+json";
    public const string CnabConfig = "application/vnd.cnab.manifest.v1";

    public const string CosignSignature = "application/vnd.dev.cosign.artifact.sig.v1+json";
    public const string NotationSignature = "application/vnd.cncf.notary.signature";
    public const string HarborSbom = "application/vnd.goharbor.harbor.sbom.v1";

    public static bool IsIndex(string mediaType) => mediaType is OciIndex or DockerList;

    /// <summary>Harbor's artifact `type`: image processors claim both image configs and indexes.</summary>
    public static string ArtifactKind(string manifestMediaType, string? configMediaType) => configMediaType switch
    {
        _ when IsIndex(manifestMediaType) || manifestMediaType == SignedSchema1 => "IMAGE",
        DockerConfig or OciConfig => "IMAGE",
        HelmConfig => "CHART",
        CnabConfig => "CNAB",
        _ => "UNKNOWN",
    };
}
