using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Registry.Testing;

// Pushes one of the benchmark's datasets into a registry through its HTTP API, with the test suite's own
// independent pusher (Registry.Testing.ImagePusher), and prints what it pushed: repositories, tags, unique
// blobs and their bytes. The bytes are counted from the manifests as pushed (layers and configs, each digest
// once), which is exactly what a migration that uploads every blob once has to send.
//
//   DatasetBuilder URL [--no-big-blob] [--scan] [--parallel N] [--summary FILE] [--plan]
//
// The default dataset is the copy benchmark's (bench/run.sh): about 24 repositories and 150+ tags sharing base
// layers, multi-arch Docker manifest lists and OCI indexes, nested and single-component names, about 350 MB of
// unique bytes, plus one 1 GiB layer (left out with --no-big-blob). --scan is the scan benchmark's instead
// (bench/scan.sh): 5,000 tags in 250 repositories with small layers. --plan prints the sizes and pushes nothing.
// Every byte is seeded, so the same command always pushes the same blobs and manifests.

var options = BuilderOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: DatasetBuilder http://127.0.0.1:PORT [--no-big-blob] [--scan] [--parallel N] [--summary FILE] [--plan]");
    return 2;
}

var dataset = options.Scan ? Datasets.Scan() : Datasets.Copy(options.BigBlob);
if (options.PlanOnly)
{
    var layers = dataset.SelectMany(r => r.Tags).SelectMany(t => t.Platforms).SelectMany(p => p.Layers).Distinct().ToList();
    Console.WriteLine($"repositories {dataset.Count}, tags {dataset.Sum(r => r.TagCount)}, unique layers {layers.Count}, " +
                      $"layer bytes {layers.Sum(l => l.Size):N0} (configs add a few KB)");
    return 0;
}

var tally = new Tally();
var stopwatch = Stopwatch.StartNew();
var tagsDone = 0;
var totalTags = dataset.Sum(r => r.TagCount);
// Real gzip layers: random bytes merely labelled gzip make skopeo (the peer we are measured against) compress every
// layer again, which slows it down and would flatter our ratio.
using var pusher = new ImagePusher(options.Registry) { GzipLayers = true };

// Repositories are pushed in parallel, the tags of one repository one after the other: the pusher uploads a
// blob unless the repository already has it, so tags of one repository in parallel would upload the shared
// layers several times over. The biggest repositories start first so the 1 GiB layer does not finish last.
await Parallel.ForEachAsync(dataset.OrderByDescending(r => r.Bytes),
    new ParallelOptions { MaxDegreeOfParallelism = options.Parallel },
    async (repo, _) =>
    {
        foreach (var tag in repo.Tags)
        {
            await PushTagAsync(pusher, repo.Name, tag, tally);
            var done = Interlocked.Add(ref tagsDone, 1 + tag.Aliases.Count);
            if (done / 250 != (done - 1 - tag.Aliases.Count) / 250 || done == totalTags)
                Console.Error.WriteLine($"  {done}/{totalTags} tags pushed ({stopwatch.Elapsed.TotalSeconds:0} s)");
        }
    });

var summary = new
{
    dataset = options.Scan ? "scan" : "copy",
    registry = options.Registry.ToString(),
    repositories = dataset.Count,
    tags = totalTags,
    manifests = tally.Manifests,
    uniqueBlobs = tally.Blobs,
    uniqueBytes = tally.Bytes,
    bigBlob = !options.Scan && options.BigBlob,
    pushSeconds = Math.Round(stopwatch.Elapsed.TotalSeconds, 1),
};
Console.WriteLine($"pushed {summary.repositories} repositories, {summary.tags} tags, {summary.manifests} manifests, " +
                  $"{summary.uniqueBlobs} unique blobs, {summary.uniqueBytes:N0} unique bytes ({summary.uniqueBytes / 1048576.0:0.0} MiB) " +
                  $"in {summary.pushSeconds} s");
if (options.SummaryFile is { } file)
    await File.WriteAllTextAsync(file, JsonSerializer.Serialize(summary, new JsonSerializerOptions { WriteIndented = true }));
return 0;

static async Task PushTagAsync(ImagePusher pusher, string repository, TagPlan tag, Tally tally)
{
    PushedManifest pushed;
    if (tag.Index is IndexKind.None)
    {
        pushed = await pusher.PushImageAsync(repository, tag.Name, tag.Platforms[0] with { Label = tag.Name });
    }
    else
    {
        // Children go by digest only, as `docker buildx` pushes them; the index carries the tag.
        var children = new List<PushedManifest>();
        foreach (var platform in tag.Platforms)
        {
            var child = await pusher.PushImageAsync(repository, null, platform with { Label = tag.Name });
            tally.Add(child);
            children.Add(child);
        }
        pushed = await pusher.PushIndexAsync(repository, tag.Name, children, oci: tag.Index is IndexKind.Oci);
    }
    tally.Add(pushed);
    // Extra tags on the same manifest (`latest`): a tag costs a manifest PUT and no bytes.
    foreach (var alias in tag.Aliases)
        await pusher.PushManifestAsync(repository, alias, pushed.Bytes, pushed.MediaType);
}

internal sealed record BuilderOptions(Uri Registry, bool BigBlob, bool Scan, int Parallel, string? SummaryFile, bool PlanOnly)
{
    public static BuilderOptions? Parse(string[] args)
    {
        Uri? registry = null;
        bool bigBlob = true, scan = false, plan = false;
        var parallel = 8;
        string? summary = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--no-big-blob": bigBlob = false; break;
                case "--scan": scan = true; break;
                case "--plan": plan = true; break;
                case "--parallel" when i + 1 < args.Length && int.TryParse(args[i + 1], out var n) && n > 0: parallel = n; i++; break;
                case "--summary" when i + 1 < args.Length: summary = args[++i]; break;
                case var url when registry is null && Uri.TryCreate(url.TrimEnd('/') + "/", UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https":
                    registry = uri; break;
                default: return null;
            }
        }
        return registry is null && !plan ? null : new BuilderOptions(registry ?? new Uri("http://127.0.0.1/"), bigBlob, scan, parallel, summary, plan);
    }
}

internal enum IndexKind { None, Docker, Oci }

/// <summary>One tag: a single image (one platform, <see cref="IndexKind.None"/>) or an index of several.</summary>
internal sealed record TagPlan(string Name, IReadOnlyList<ImageSpec> Platforms, IndexKind Index, IReadOnlyList<string> Aliases);

internal sealed record RepoPlan(string Name, IReadOnlyList<TagPlan> Tags)
{
    public int TagCount => Tags.Sum(t => 1 + t.Aliases.Count);

    public long Bytes => Tags.SelectMany(t => t.Platforms).SelectMany(p => p.Layers).Distinct().Sum(l => l.Size);
}

/// <summary>Counts each blob and manifest digest once, from the manifests as they were pushed.</summary>
internal sealed class Tally
{
    private readonly ConcurrentDictionary<string, long> _blobs = new();
    private readonly ConcurrentDictionary<string, bool> _manifests = new();

    public int Blobs => _blobs.Count;
    public long Bytes => _blobs.Values.Sum();
    public int Manifests => _manifests.Count;

    public void Add(PushedManifest manifest)
    {
        _manifests.TryAdd(manifest.Digest, true);
        using var document = JsonDocument.Parse(manifest.Bytes);
        var root = document.RootElement;
        if (root.TryGetProperty("config", out var config)) AddBlob(config);
        if (root.TryGetProperty("layers", out var layers))
            foreach (var layer in layers.EnumerateArray()) AddBlob(layer);
    }

    private void AddBlob(JsonElement descriptor) =>
        _blobs.TryAdd(descriptor.GetProperty("digest").GetString()!, descriptor.GetProperty("size").GetInt64());
}

internal static class Datasets
{
    private const long KiB = 1024, MiB = 1024 * KiB, GiB = 1024 * MiB;

    private static readonly (string Arch, string? Variant) Amd64 = ("amd64", null), Arm64 = ("arm64", null), ArmV7 = ("arm", "v7");

    private enum Runtime { Os, Java, Node, Python, Static }

    /// <summary>
    /// The copy benchmark's dataset. Base layers (an OS, its updates, a certificates layer, a language runtime) are
    /// shared by every repository of that runtime and architecture; each repository adds a dependencies layer that
    /// changes every third version and an application layer per version; the last version is also `latest`.
    /// </summary>
    public static List<RepoPlan> Copy(bool bigBlob)
    {
        var repos = new List<RepoPlan>
        {
            // Nested names, Docker schema 2 images, one platform.
            Repo("team-a/app1", Runtime.Java, 6, depsMiB: 3, appKiB: 600),
            Repo("team-a/app2", Runtime.Java, 6, depsMiB: 2, appKiB: 400),
            Repo("team-a/app3", Runtime.Java, 7, depsMiB: 4, appKiB: 800),
            Repo("team-a/app4", Runtime.Java, 6, depsMiB: 2, appKiB: 300),
            Repo("team-a/web/frontend", Runtime.Node, 7, depsMiB: 3, appKiB: 900),
            Repo("team-a/web/admin", Runtime.Node, 6, depsMiB: 2, appKiB: 500),
            Repo("team-b/api", Runtime.Python, 7, depsMiB: 3, appKiB: 500, oci: true),
            Repo("team-b/worker", Runtime.Python, 6, depsMiB: 3, appKiB: 400, oci: true),
            Repo("team-b/scheduler", Runtime.Python, 6, depsMiB: 1, appKiB: 200),
            Repo("data/etl", Runtime.Python, 7, depsMiB: 4, appKiB: 700, oci: true),
            Repo("platform/tools", Runtime.Static, 6, depsMiB: 2, appKiB: 1500),
            // Multi-arch: Docker manifest lists and OCI indexes.
            Repo("team-b/gateway", Runtime.Node, 6, depsMiB: 2, appKiB: 400, index: IndexKind.Docker, platforms: [Amd64, Arm64]),
            Repo("team-c/svc1", Runtime.Python, 6, depsMiB: 2, appKiB: 300, index: IndexKind.Oci, platforms: [Amd64, Arm64]),
            Repo("team-c/svc2", Runtime.Python, 6, depsMiB: 2, appKiB: 300, index: IndexKind.Oci, platforms: [Amd64, Arm64]),
            Repo("team-c/svc3", Runtime.Node, 6, depsMiB: 1, appKiB: 300, index: IndexKind.Oci, platforms: [Amd64, Arm64]),
            Repo("team-c/edge/svc4", Runtime.Node, 6, depsMiB: 1, appKiB: 200, index: IndexKind.Oci, platforms: [Amd64, Arm64, ArmV7]),
            Repo("platform/base", Runtime.Os, 6, depsMiB: 0, appKiB: 100, index: IndexKind.Docker, platforms: [Amd64, Arm64, ArmV7]),
            Repo("platform/monitoring/agent", Runtime.Static, 6, depsMiB: 1, appKiB: 600, index: IndexKind.Oci, platforms: [Amd64, Arm64]),
            // Single-component names (the migration puts them under library/).
            Repo("nginx", Runtime.Os, 7, depsMiB: 2, appKiB: 300, index: IndexKind.Docker, platforms: [Amd64, Arm64]),
            Repo("redis", Runtime.Os, 6, depsMiB: 2, appKiB: 400, oci: true),
            Repo("postgres", Runtime.Os, 6, depsMiB: 4, appKiB: 500),
            Repo("busybox", Runtime.Static, 6, depsMiB: 0, appKiB: 200, index: IndexKind.Oci, platforms: [Amd64, Arm64, ArmV7]),
        };

        // The model server: two small versions and, unless left out, one carrying a single 1 GiB layer.
        var model = Repo("ml/model-server", Runtime.Python, 3, depsMiB: 3, appKiB: 300).Tags.ToList();
        var last = model[^1];
        if (bigBlob)
            model[^1] = last with { Platforms = [last.Platforms[0] with { Layers = [.. last.Platforms[0].Layers, new LayerSpec(0x1_0000_0000_0001, GiB)] }] };
        repos.Add(new RepoPlan("ml/model-server", model));
        // A repository of pure tags: one image under many names costs manifests only.
        repos.Add(new RepoPlan("team-a/releases", Enumerable.Range(0, 8)
            .Select(i => new TagPlan($"rc{i}", [Image(Runtime.Java, Amd64, false, Seed("team-a/releases", "app", i % 2, "amd64"), 256 * KiB)], IndexKind.None, []))
            .ToList()));
        return repos;
    }

    /// <summary>The scan benchmark's dataset: 250 repositories of 20 tags with small layers.</summary>
    public static List<RepoPlan> Scan()
    {
        var repos = new List<RepoPlan>();
        var shared = new LayerSpec(50_000, 32 * KiB);
        for (var r = 0; r < 250; r++)
        {
            var name = (r % 25) switch
            {
                0 => $"single{r}",
                < 8 => $"group{r % 8}/sub{r % 3}/svc{r}",
                _ => $"group{r % 8}/svc{r}",
            };
            var repoLayer = new LayerSpec(Seed(name, "repo", 0, ""), 8 * KiB);
            var tags = Enumerable.Range(0, 20).Select(t => new TagPlan($"v{t}",
                [new ImageSpec([shared, repoLayer, new LayerSpec(Seed(name, "tag", t, ""), 2 * KiB)]) { Oci = r % 2 == 0 }],
                IndexKind.None, [])).ToList();
            repos.Add(new RepoPlan(name, tags));
        }
        return repos;
    }

    private static RepoPlan Repo(string name, Runtime runtime, int versions, int depsMiB, int appKiB, bool oci = false,
        IndexKind index = IndexKind.None, (string Arch, string? Variant)[]? platforms = null)
    {
        platforms ??= [Amd64];
        var tags = new List<TagPlan>();
        for (var v = 0; v < versions; v++)
        {
            var images = platforms.Select(p =>
            {
                var key = p.Arch + p.Variant;
                var layers = new List<LayerSpec>();
                if (depsMiB > 0) layers.Add(new LayerSpec(Seed(name, "deps", v / 3, key), depsMiB * 512 * KiB + v / 3 * 64 * KiB));
                layers.Add(new LayerSpec(Seed(name, "app", v, key), (appKiB * 7 / 10 + v % 4 * appKiB / 5) * KiB));
                var spec = Image(runtime, p, oci || index is IndexKind.Oci, 0, 0);
                return spec with { Layers = [.. spec.Layers, .. layers] };
            }).ToList();
            var last = v == versions - 1;
            tags.Add(new TagPlan($"1.{v / 3}.{v % 3}", images, index, last ? ["latest"] : []));
        }
        return new RepoPlan(name, tags);
    }

    /// <summary>An image on the shared base of its runtime and platform, plus one own layer when size &gt; 0.</summary>
    private static ImageSpec Image(Runtime runtime, (string Arch, string? Variant) platform, bool oci, long seed, long size)
    {
        var layers = new List<LayerSpec>(Base(runtime, platform.Arch + platform.Variant));
        if (size > 0) layers.Add(new LayerSpec(seed, size));
        return new ImageSpec(layers) { Oci = oci, Architecture = platform.Arch, Variant = platform.Variant };
    }

    /// <summary>The shared base layers. Small seeds are reserved for them; every other layer's seed is a hash.</summary>
    private static IEnumerable<LayerSpec> Base(Runtime runtime, string arch)
    {
        var archIndex = arch switch { "amd64" => 0, "arm64" => 1, _ => 2 };
        long Size(long amd64, long arm64, long armv7) => archIndex switch { 0 => amd64, 1 => arm64, _ => armv7 };
        if (runtime is Runtime.Static)
        {
            // Static binaries sit on a tiny base of their own.
            yield return new LayerSpec(30 + archIndex, Size(2, 2, 2) * MiB);
            yield break;
        }
        yield return new LayerSpec(1 + archIndex, Size(28, 26, 22) * MiB);     // the OS
        yield return new LayerSpec(4 + archIndex, Size(5, 5, 4) * MiB);        // its security updates
        yield return new LayerSpec(7, 512 * KiB);                               // CA certificates: the same bytes on every architecture
        switch (runtime)
        {
            case Runtime.Java: yield return new LayerSpec(10 + archIndex, Size(22, 20, 18) * MiB); break;
            case Runtime.Node: yield return new LayerSpec(13 + archIndex, Size(14, 13, 11) * MiB); break;
            case Runtime.Python: yield return new LayerSpec(16 + archIndex, Size(16, 15, 13) * MiB); break;
        }
    }

    /// <summary>A stable seed for a layer from its role (FNV-1a), kept clear of the small base seeds.</summary>
    private static long Seed(string repository, string role, int version, string arch)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes($"{repository}|{role}|{version}|{arch}"))
            hash = (hash ^ b) * 1099511628211UL;
        return (long)(hash & 0x3FFF_FFFF_FFFF_FFFF) | 0x1000;
    }
}
