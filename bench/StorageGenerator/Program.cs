using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

// Writes a docker-registry storage folder (docker/registry/v2/...) straight to disk, in the layout distribution's
// filesystem driver uses, for benchmarks at sizes no push could reach in minutes: 100,000 tags and more. It shares no
// code with the engine. The sharing is realistic: every image sits on one of 40 base layers, the tags of a repository
// share a middle layer, and each tag adds one small layer of its own. Blobs are small (the scan reads links and
// manifests, not layer bytes), so 100,000 tags take about a minute and a few GB of inodes.
//
//   StorageGenerator OUT --tags N [--repositories R]
//
// Every byte is derived from the numbers, so the same command writes the same folder.

if (args.Length < 3 || args[1] != "--tags" || !int.TryParse(args[2], out var tags) || tags < 1)
{
    Console.Error.WriteLine("usage: StorageGenerator OUT --tags N [--repositories R]");
    return 2;
}
var root = Path.Combine(args[0], "docker", "registry", "v2");
var repositories = args.Length >= 5 && args[3] == "--repositories" && int.TryParse(args[4], out var r) && r > 0 ? r : Math.Max(1, tags / 50);
var clock = Stopwatch.StartNew();
var written = new HashSet<string>(StringComparer.Ordinal);
long blobBytes = 0;

string Blob(byte[] content)
{
    var hex = Convert.ToHexStringLower(SHA256.HashData(content));
    if (written.Add(hex))
    {
        var folder = Path.Combine(root, "blobs", "sha256", hex[..2], hex);
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "data"), content);
        blobBytes += content.Length;
    }
    return "sha256:" + hex;
}

void Link(string path, string digest)
{
    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
    File.WriteAllText(path, digest);
}

byte[] Layer(string seed, int size)
{
    var bytes = new byte[size];
    var block = SHA256.HashData(Encoding.UTF8.GetBytes(seed));
    for (var i = 0; i < size; i++) bytes[i] = block[i % block.Length];
    return bytes;
}

var bases = Enumerable.Range(0, 40).Select(b => Layer($"base-{b}", 4096)).ToArray();
var perRepository = (tags + repositories - 1) / repositories;
var done = 0;
for (var repo = 0; repo < repositories && done < tags; repo++)
{
    var name = $"team-{repo % 97:00}/service-{repo:00000}";
    var repoRoot = Path.Combine(root, "repositories", name);
    var middle = Layer($"middle-{repo}", 1024);
    for (var t = 0; t < perRepository && done < tags; t++, done++)
    {
        var layers = new[] { bases[repo % bases.Length], middle, Layer($"own-{repo}-{t}", 256) };
        var layerDigests = layers.Select(Blob).ToArray();
        var config = JsonSerializer.SerializeToUtf8Bytes(new
        {
            architecture = "amd64", os = "linux", created = "2026-01-01T00:00:00Z",
            config = new { Labels = new Dictionary<string, string> { ["build"] = $"{repo}-{t}" } },
            rootfs = new { type = "layers", diff_ids = layerDigests },
        });
        var configDigest = Blob(config);
        var manifest = JsonSerializer.SerializeToUtf8Bytes(new
        {
            schemaVersion = 2,
            mediaType = "application/vnd.docker.distribution.manifest.v2+json",
            config = new { mediaType = "application/vnd.docker.container.image.v1+json", size = config.Length, digest = configDigest },
            layers = layers.Select((l, i) => new { mediaType = "application/vnd.docker.image.rootfs.diff.tar.gzip", size = l.Length, digest = layerDigests[i] }),
        });
        var manifestDigest = Blob(manifest);
        foreach (var digest in layerDigests.Append(configDigest))
            Link(Path.Combine(repoRoot, "_layers", "sha256", digest[7..], "link"), digest);
        Link(Path.Combine(repoRoot, "_manifests", "revisions", "sha256", manifestDigest[7..], "link"), manifestDigest);
        var tag = $"1.{t / 10}.{t % 10}";
        Link(Path.Combine(repoRoot, "_manifests", "tags", tag, "current", "link"), manifestDigest);
        Link(Path.Combine(repoRoot, "_manifests", "tags", tag, "index", "sha256", manifestDigest[7..], "link"), manifestDigest);
    }
}
Console.WriteLine($"wrote {done} tags in {repositories} repositories, {written.Count} blobs ({blobBytes:N0} bytes) in {clock.Elapsed.TotalSeconds:0.0} s");
return 0;
