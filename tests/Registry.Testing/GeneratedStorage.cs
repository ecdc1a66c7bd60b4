using System.Security.Cryptography;
using System.Text;

namespace Registry.Testing;

/// <summary>
/// A registry storage folder of many tags written straight to disk in distribution's layout, for tests about size:
/// no push could make thousands of tags in a test's time. Each repository's tags share a base layer with every other
/// repository and add one layer and a config of their own. bench/StorageGenerator writes the big ones.
/// </summary>
public static class GeneratedStorage
{
    public static string Write(int repositories, int tagsPerRepository)
    {
        var root = Directory.CreateTempSubdirectory("generated-storage-").FullName;
        var v2 = Path.Combine(root, "docker", "registry", "v2");
        var baseLayer = Blob(v2, Encoding.UTF8.GetBytes("shared base layer"));
        for (var r = 0; r < repositories; r++)
        {
            var repository = Path.Combine(v2, "repositories", "team", $"service-{r:00000}");
            for (var t = 0; t < tagsPerRepository; t++)
            {
                var own = Blob(v2, Encoding.UTF8.GetBytes($"layer of {r}/{t}"));
                var config = Blob(v2, Encoding.UTF8.GetBytes($$"""{"architecture":"amd64","os":"linux","rootfs":{"type":"layers"},"build":"{{r}}-{{t}}"}"""));
                var manifest = Encoding.UTF8.GetBytes($$"""
                    {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json",
                     "config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":{{config.Size}},"digest":"{{config.Digest}}"},
                     "layers":[{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":{{baseLayer.Size}},"digest":"{{baseLayer.Digest}}"},
                               {"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":{{own.Size}},"digest":"{{own.Digest}}"}]}
                    """);
                var digest = Blob(v2, manifest).Digest;
                foreach (var layer in new[] { baseLayer.Digest, own.Digest, config.Digest })
                    Link(Path.Combine(repository, "_layers", "sha256", layer[7..], "link"), layer);
                Link(Path.Combine(repository, "_manifests", "revisions", "sha256", digest[7..], "link"), digest);
                Link(Path.Combine(repository, "_manifests", "tags", $"v{t}", "current", "link"), digest);
                Link(Path.Combine(repository, "_manifests", "tags", $"v{t}", "index", "sha256", digest[7..], "link"), digest);
            }
        }
        return root;
    }

    private static (string Digest, long Size) Blob(string v2, byte[] content)
    {
        var hex = Convert.ToHexStringLower(SHA256.HashData(content));
        var folder = Path.Combine(v2, "blobs", "sha256", hex[..2], hex);
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "data"), content);
        return ($"sha256:{hex}", content.Length);
    }

    private static void Link(string path, string digest)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, digest);
    }
}
