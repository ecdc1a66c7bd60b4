using Registry.Testing;

namespace Engine.Tests.Fixtures;

/// <summary>
/// The images every migration test works on, pushed into a real registry: Docker and OCI images, a Docker
/// manifest list and an OCI index, an OCI artifact, a single-component name, a deeply nested name, layers shared
/// across repositories, and untagged manifests (one pushed by digest, one left behind by re-tagging).
/// </summary>
public sealed class StandardDataset
{
    public static readonly LayerSpec BaseLayer = new(1, 300_000);
    public static readonly LayerSpec SharedTool = new(2, 120_000);

    public PushedManifest AlpineLatest { get; private set; } = null!;
    public PushedManifest AppV1 { get; private set; } = null!;
    public PushedManifest AppV2 { get; private set; } = null!;
    public PushedManifest AppUntagged { get; private set; } = null!;
    public PushedManifest AppRetaggedAway { get; private set; } = null!;
    public PushedManifest MultiArch { get; private set; } = null!;
    public PushedManifest OciIndex { get; private set; } = null!;
    public PushedManifest Nested { get; private set; } = null!;
    public PushedManifest Artifact { get; private set; } = null!;

    public static readonly string[] Repositories = ["alpine", "artifacts/chart", "multi/arch", "team-a/app", "team-a/tools/deep/nested"];

    /// <summary>alpine: latest, 3.19 · team-a/app: v1, v2, v3 · multi/arch: 1.0, oci · team-a/tools/deep/nested: 1 · artifacts/chart: 0.1.0</summary>
    public const int TagCount = 9;

    public const int UntaggedCount = 2;

    public static async Task<StandardDataset> PushAsync(Uri registry)
    {
        using var push = new ImagePusher(registry);
        var d = new StandardDataset();
        d.AlpineLatest = await push.PushImageAsync("alpine", "latest", new ImageSpec([BaseLayer]));
        await push.PushManifestAsync("alpine", "3.19", d.AlpineLatest.Bytes, d.AlpineLatest.MediaType);

        d.AppV1 = await push.PushImageAsync("team-a/app", "v1", new ImageSpec([BaseLayer, SharedTool, new(10, 200_000)]));
        d.AppV2 = await push.PushImageAsync("team-a/app", "v2", new ImageSpec([BaseLayer, SharedTool, new(11, 210_000)]));
        d.AppUntagged = await push.PushImageAsync("team-a/app", null, new ImageSpec([BaseLayer, new(12, 50_000)]) { Label = "untagged" });
        d.AppRetaggedAway = await push.PushImageAsync("team-a/app", "v3", new ImageSpec([BaseLayer, new(13, 60_000)]) { Label = "old v3" });
        await push.PushImageAsync("team-a/app", "v3", new ImageSpec([BaseLayer, new(14, 70_000)]) { Label = "new v3" });

        var amd64 = await push.PushImageAsync("multi/arch", null, new ImageSpec([BaseLayer, new(20, 100_000)]));
        var arm64 = await push.PushImageAsync("multi/arch", null, new ImageSpec([new(21, 90_000)]) { Architecture = "arm64", Variant = "v8" });
        d.MultiArch = await push.PushIndexAsync("multi/arch", "1.0", [amd64, arm64], oci: false);
        var ociAmd64 = await push.PushImageAsync("multi/arch", null, new ImageSpec([new(22, 80_000)]) { Oci = true });
        var ociS390 = await push.PushImageAsync("multi/arch", null, new ImageSpec([new(23, 70_000)]) { Oci = true, Architecture = "s390x" });
        d.OciIndex = await push.PushIndexAsync("multi/arch", "oci", [ociAmd64, ociS390], oci: true);

        d.Nested = await push.PushImageAsync("team-a/tools/deep/nested", "1", new ImageSpec([SharedTool, new(30, 40_000)]) { Oci = true });
        d.Artifact = await push.PushImageAsync("artifacts/chart", "0.1.0", new ImageSpec([new(40, 5_000)]) { ArtifactType = "application/vnd.cncf.helm.config.v1+json" });
        return d;
    }
}
