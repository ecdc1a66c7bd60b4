using System.Text.Json;

namespace Registry.Testing;

/// <summary>
/// What years of real use leave in a registry, written by a real <c>docker-registry</c> through its API, plus the
/// leftovers only its storage folder shows: nested indexes, a buildx attestation inside an index, zstd and
/// uncompressed layers, a moved tag (its old revision now untagged), a repository holding only untagged manifests,
/// names at the edges of the grammar, a stale upload and an empty repository folder. docs/odd-content.md says what
/// a migration does with each.
/// </summary>
public sealed class OddContent : IAsyncDisposable
{
    public RegistryProcess Registry { get; private set; } = null!;
    public string StorageRoot => Registry.StorageRoot;

    /// <summary>Every tag the corpus holds, as repository:tag → digest.</summary>
    public Dictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);

    /// <summary>Every untagged manifest a migration with untagged manifests must carry, as repository@digest.</summary>
    public List<string> Untagged { get; } = [];

    /// <summary>A tag whose manifest's revision link was deleted (an interrupted DELETE): repository:tag → digest.</summary>
    public Dictionary<string, string> Dangling { get; } = new(StringComparer.Ordinal);

    public static async Task<OddContent> StartAsync()
    {
        // Like a registry that once held Windows images: it accepts foreign layers.
        var corpus = new OddContent { Registry = await RegistryProcess.StartAsync(new RegistryProcessOptions { AllowForeignLayers = true }) };
        // First, while every repository still has a tag: distribution 2.8's garbage-collect --delete-untagged stops
        // with "unknown repository" on a repository that has none (docs/odd-content.md).
        await corpus.AddGarbageCollectedAsync();
        await corpus.PushAsync();
        return corpus;
    }

    private async Task PushAsync()
    {
        using var push = new ImagePusher(Registry.BaseUri) { GzipLayers = true };
        async Task<PushedManifest> Tag(string repository, string tag, Func<Task<PushedManifest>> make)
        {
            var pushed = await make();
            Tags[$"{repository}:{tag}"] = pushed.Digest;
            return pushed;
        }

        // An index inside an index.
        var amd = await push.PushImageAsync("nested/idx", null, new ImageSpec([new LayerSpec(971, 3_000)]));
        var arm = await push.PushImageAsync("nested/idx", null, new ImageSpec([new LayerSpec(972, 3_000)]) { Architecture = "arm64" });
        var inner = await push.PushIndexAsync("nested/idx", null, [amd, arm], oci: true);
        await Tag("nested/idx", "outer", () => push.PushIndexAsync("nested/idx", "outer", [inner], oci: true));

        // buildx: an image and its attestation manifest (platform unknown/unknown) in one index.
        var image = await push.PushImageAsync("buildx/app", null, new ImageSpec([new LayerSpec(973, 4_000)]) { Oci = true });
        var attestation = await PushRawAsync(push, "buildx/app", null, "application/vnd.in-toto+json", 974, 500, ImagePusher.OciManifest);
        await Tag("buildx/app", "1", () => push.PushIndexAsync("buildx/app", "1", [image, attestation with { Platform = "unknown/unknown" }], oci: true));

        // Layers that are not gzip: zstd and uncompressed tar.
        await Tag("layers/zstd", "1", () => PushRawAsync(push, "layers/zstd", "1", "application/vnd.oci.image.layer.v1.tar+zstd", 975, 6_000, ImagePusher.OciManifest));
        await Tag("layers/plain", "1", () => PushRawAsync(push, "layers/plain", "1", "application/vnd.oci.image.layer.v1.tar", 976, 6_000, ImagePusher.OciManifest));

        // A tag moved to a new image: the old one stays, untagged.
        var before = await push.PushImageAsync("moved/app", "latest", new ImageSpec([new LayerSpec(977, 2_000)]) { Label = "before" });
        Untagged.Add($"moved/app@{before.Digest}");
        await Tag("moved/app", "latest", () => push.PushImageAsync("moved/app", "latest", new ImageSpec([new LayerSpec(978, 2_000)]) { Label = "after" }));

        // A repository with no tag at all.
        var orphan = await push.PushImageAsync("only/untagged", null, new ImageSpec([new LayerSpec(979, 2_000)]));
        Untagged.Add($"only/untagged@{orphan.Digest}");

        // Names at the edges of the grammar.
        await Tag("a/b.c/d__e", "v1.0_rc-1", () => push.PushImageAsync("a/b.c/d__e", "v1.0_rc-1", new ImageSpec([new LayerSpec(980, 1_000)])));
        await Tag("one/two/three/four/five", "x", () => push.PushImageAsync("one/two/three/four/five", "x", new ImageSpec([new LayerSpec(981, 1_000)])));

        // A Windows image whose base layer is foreign: its blob lives at a URL, and no registry ever held it.
        await Tag("windows/app", "ltsc", () => PushWindowsAsync(push, "windows/app", "ltsc"));

        // A tag left pointing at a manifest whose revision link an interrupted DELETE removed; the blob stays.
        await Tag("dangling/app", "1", () => push.PushImageAsync("dangling/app", "1", new ImageSpec([new LayerSpec(987, 1_000)])));
        var gone = await push.PushImageAsync("dangling/app", "2", new ImageSpec([new LayerSpec(988, 1_000)]));
        File.Delete(Path.Combine(StorageRoot, "docker", "registry", "v2", "repositories", "dangling", "app", "_manifests", "revisions", "sha256",
            gone.Digest[7..], "link"));
        Dangling["dangling/app:2"] = gone.Digest;

        // Leftovers: an upload that was never finished, and a repository folder with nothing in it.
        using (var http = new HttpClient())
            (await http.PostAsync(new Uri(Registry.BaseUri, "v2/stale/upload/blobs/uploads/"), null)).EnsureSuccessStatusCode();
        Directory.CreateDirectory(Path.Combine(StorageRoot, "docker", "registry", "v2", "repositories", "ghost", "empty"));
        // A repository whose every tag and manifest was deleted: an empty _manifests/tags folder is all that is left.
        Directory.CreateDirectory(Path.Combine(StorageRoot, "docker", "registry", "v2", "repositories", "emptied", "app", "_manifests", "tags"));
    }

    /// <summary>After the corpus is pushed: a repository whose tag moved, then the registry's own garbage collection with
    /// --delete-untagged, which removes the old image and its blobs.</summary>
    private async Task AddGarbageCollectedAsync()
    {
        using var push = new ImagePusher(Registry.BaseUri) { GzipLayers = true };
        await push.PushImageAsync("gc/app", "1", new ImageSpec([new LayerSpec(985, 2_000)]) { Label = "before" });
        Tags["gc/app:1"] = (await push.PushImageAsync("gc/app", "1", new ImageSpec([new LayerSpec(986, 2_000)]) { Label = "after" })).Digest;
        await Registry.GarbageCollectAsync();
    }

    private static async Task<PushedManifest> PushWindowsAsync(ImagePusher push, string repository, string tag)
    {
        var local = new LayerSpec(983, 5_000);
        var localDigest = await push.PushBlobAsync(repository, local);
        const string foreignDigest = "sha256:" + "f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0";
        var config = JsonSerializer.SerializeToUtf8Bytes(new
        {
            architecture = "amd64", os = "windows", os_version = "10.0.17763.1", rootfs = new { type = "layers", diff_ids = new[] { foreignDigest, localDigest } },
        });
        var configDigest = await push.PushBlobAsync(repository, config);
        var manifest = JsonSerializer.SerializeToUtf8Bytes(new
        {
            schemaVersion = 2, mediaType = ImagePusher.DockerManifest,
            config = new { mediaType = "application/vnd.docker.container.image.v1+json", digest = configDigest, size = config.Length },
            layers = new object[]
            {
                new { mediaType = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip", digest = foreignDigest, size = 1_234_567,
                    urls = new[] { "https://mcr.microsoft.com/v2/windows/servercore/blobs/" + foreignDigest } },
                new { mediaType = "application/vnd.docker.image.rootfs.diff.tar.gzip", digest = localDigest, size = push.PushedSize(local) },
            },
        });
        return await push.PushManifestAsync(repository, tag, manifest, ImagePusher.DockerManifest, "windows/amd64");
    }

    /// <summary>An OCI manifest with one layer of the given media type (the bytes are seeded; the registry does not look).</summary>
    private static async Task<PushedManifest> PushRawAsync(ImagePusher push, string repository, string? tag, string layerType, long seed, int size, string mediaType)
    {
        var layer = new LayerSpec(seed, size);
        var layerDigest = await push.PushBlobAsync(repository, layer);
        var config = JsonSerializer.SerializeToUtf8Bytes(new { architecture = "amd64", os = "linux", rootfs = new { type = "layers", diff_ids = new[] { layerDigest } } });
        var configDigest = await push.PushBlobAsync(repository, config);
        var manifest = JsonSerializer.SerializeToUtf8Bytes(new
        {
            schemaVersion = 2, mediaType,
            config = new { mediaType = "application/vnd.oci.image.config.v1+json", digest = configDigest, size = config.Length },
            layers = new[] { new { mediaType = layerType, digest = layerDigest, size = push.PushedSize(layer) } },
        });
        return await push.PushManifestAsync(repository, tag, manifest, mediaType, "linux/amd64");
    }

    public ValueTask DisposeAsync() => Registry.DisposeAsync();
}
