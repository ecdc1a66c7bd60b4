using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

// Writes a docker-registry storage folder (docker/registry/v2/...) straight to disk, in the layout distribution's
// filesystem driver uses, for benchmarks at sizes no push could reach in minutes: 100,000 tags and more. It shares no
// code with the engine. The sharing is realistic: every image sits on one of 40 base layers, the tags of a repository
// share a middle layer, and each tag adds one small layer of its own. Blobs are small (the scan reads links and
// manifests, not layer bytes); each tag costs about 19 inodes (11 folders, 8 files).
//
//   StorageGenerator OUT --tags N [--repositories R] [--threads T]
//
//   --repositories R   default N/50
//   --threads T        repositories written at once; default the number of cores
//
// Every byte is derived from the numbers, so the same command writes the same folder, whatever T is. OUT must not
// hold a registry folder yet: a blob or link whose folder exists counts as written (see Storage).
//
// Speed: the work is nearly all file-system calls in the kernel (100,000 tags: 16 s user, 131 s system, 172 s, with
// Directory.CreateDirectory and File.WriteAllText). So every folder is made with one mkdir (the tree is written
// parents first), and every file with open, write and close, without FileStream's fstatfs, flock, ftruncate and lseek;
// repositories are written on all cores. 100,000 tags now take 6 s user, 48 s system, 56 s.

var options = Options.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: StorageGenerator OUT --tags N [--repositories R] [--threads T]");
    return 2;
}
var (output, tags, repositories, threads) = options.Value;
var root = Path.Combine(Path.GetFullPath(output), "docker", "registry", "v2");
if (Directory.Exists(root))
{
    Console.Error.WriteLine($"{root} exists already; give a new or empty folder");
    return 2;
}
var clock = Stopwatch.StartNew();
var storage = new Storage(root);
var bases = Enumerable.Range(0, 40).Select(b => Storage.Layer($"base-{b}", 4096)).ToArray();
var perRepository = (tags + repositories - 1) / repositories;
// Repository r holds tags [r * perRepository, (r + 1) * perRepository), the last one fewer and any after it none,
// as when one loop counted the tags through the repositories.
var used = Math.Min(repositories, (tags + perRepository - 1) / perRepository);

storage.Folder(storage.Repositories);
Parallel.For(0, used, new ParallelOptions { MaxDegreeOfParallelism = threads }, repo =>
{
    var count = Math.Min(perRepository, tags - repo * perRepository);
    var name = $"team-{repo % 97:00}/service-{repo:00000}";
    var repoRoot = Path.Combine(storage.Repositories, name);
    storage.Folder(Path.GetDirectoryName(repoRoot)!);   // team-NN: shared with other repositories
    storage.Folder(repoRoot);
    var layersRoot = Path.Combine(repoRoot, "_layers");
    var manifestsRoot = Path.Combine(repoRoot, "_manifests");
    var revisionsRoot = Path.Combine(manifestsRoot, "revisions");
    var tagsRoot = Path.Combine(manifestsRoot, "tags");
    foreach (var folder in new[] { layersRoot, Path.Combine(layersRoot, "sha256"), manifestsRoot, revisionsRoot, Path.Combine(revisionsRoot, "sha256"), tagsRoot })
        storage.Folder(folder);
    var layersSha = Path.Combine(layersRoot, "sha256");
    var revisionsSha = Path.Combine(revisionsRoot, "sha256");

    var middle = Storage.Layer($"middle-{repo}", 1024);
    for (var t = 0; t < count; t++)
    {
        var layers = new[] { bases[repo % bases.Length], middle, Storage.Layer($"own-{repo}-{t}", 256) };
        var layerDigests = layers.Select(storage.Blob).ToArray();
        var config = JsonSerializer.SerializeToUtf8Bytes(new
        {
            architecture = "amd64", os = "linux", created = "2026-01-01T00:00:00Z",
            config = new { Labels = new Dictionary<string, string> { ["build"] = $"{repo}-{t}" } },
            rootfs = new { type = "layers", diff_ids = layerDigests },
        });
        var configDigest = storage.Blob(config);
        var manifest = JsonSerializer.SerializeToUtf8Bytes(new
        {
            schemaVersion = 2,
            mediaType = "application/vnd.docker.distribution.manifest.v2+json",
            config = new { mediaType = "application/vnd.docker.container.image.v1+json", size = config.Length, digest = configDigest },
            layers = layers.Select((l, i) => new { mediaType = "application/vnd.docker.image.rootfs.diff.tar.gzip", size = l.Length, digest = layerDigests[i] }),
        });
        var manifestDigest = storage.Blob(manifest);
        // The base and middle layers' links exist from the repository's first tag on; Link skips them.
        foreach (var digest in layerDigests.Append(configDigest))
            storage.Link(Path.Combine(layersSha, digest[7..]), digest);
        storage.Link(Path.Combine(revisionsSha, manifestDigest[7..]), manifestDigest);
        var tag = Path.Combine(tagsRoot, $"1.{t / 10}.{t % 10}");
        storage.Folder(tag);
        storage.Link(Path.Combine(tag, "current"), manifestDigest);
        var index = Path.Combine(tag, "index");
        storage.Folder(index);
        storage.Folder(Path.Combine(index, "sha256"));
        storage.Link(Path.Combine(index, "sha256", manifestDigest[7..]), manifestDigest);
    }
});
Console.WriteLine($"wrote {tags} tags in {repositories} repositories, {storage.Blobs} blobs ({storage.BlobBytes:N0} bytes) in {clock.Elapsed.TotalSeconds:0.0} s");
return 0;

readonly record struct Options(string Output, int Tags, int Repositories, int Threads)
{
    public static Options? Parse(string[] args)
    {
        if (args.Length < 1 || args[0].StartsWith("--")) return null;
        int? tags = null, repositories = null, threads = null;
        for (var i = 1; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length || !int.TryParse(args[i + 1], out var value) || value < 1) return null;
            switch (args[i])
            {
                case "--tags": tags = value; break;
                case "--repositories": repositories = value; break;
                case "--threads": threads = value; break;
                default: return null;
            }
        }
        if (tags is not { } n) return null;
        return new Options(args[0], n, repositories ?? Math.Max(1, n / 50), threads ?? Environment.ProcessorCount);
    }
}

// The folder's files, made with plain system calls. A new blob or link gets its own folder; mkdir failing with
// EEXIST says it was written already (by an earlier tag, or another thread), which makes the folder tree itself the
// set of written blobs, safe across threads. Hence a new output folder only.
sealed class Storage(string root)
{
    const int EEXIST = 17, ENOENT = 2;
    const int O_WRONLY = 0x1, O_CREAT = 0x40, O_EXCL = 0x80, O_CLOEXEC = 0x80000;

    readonly string blobs = Path.Combine(root, "blobs", "sha256");
    long blobCount, blobBytes;

    public string Repositories { get; } = Path.Combine(root, "repositories");
    public long Blobs => Interlocked.Read(ref blobCount);
    public long BlobBytes => Interlocked.Read(ref blobBytes);

    public static byte[] Layer(string seed, int size)
    {
        var bytes = new byte[size];
        var block = SHA256.HashData(Encoding.UTF8.GetBytes(seed));
        for (var i = 0; i < size; i++) bytes[i] = block[i % block.Length];
        return bytes;
    }

    // Writes blobs/sha256/XX/HEX/data unless it is there; returns "sha256:HEX".
    public string Blob(byte[] content)
    {
        var hex = Convert.ToHexStringLower(SHA256.HashData(content));
        var folder = Path.Combine(blobs, hex[..2], hex);
        if (NewFolder(folder))
        {
            WriteFile(Path.Combine(folder, "data"), content);
            Interlocked.Increment(ref blobCount);
            Interlocked.Add(ref blobBytes, content.Length);
        }
        return "sha256:" + hex;
    }

    // Writes FOLDER/link holding the digest unless FOLDER is there. FOLDER's parent must exist.
    public void Link(string folder, string digest)
    {
        if (NewFolder(folder)) WriteFile(Path.Combine(folder, "link"), Encoding.UTF8.GetBytes(digest));
    }

    // Makes the folder, and its parents when they are missing (once per parent: the tree is walked in order).
    public void Folder(string path) => NewFolder(path);

    bool NewFolder(string path)
    {
        if (mkdir(path, 0x1FF /* 0777, as Directory.CreateDirectory */) == 0) return true;
        var errno = Marshal.GetLastPInvokeError();
        if (errno == EEXIST) return false;
        if (errno == ENOENT && Path.GetDirectoryName(path) is { } parent && parent != path)
        {
            NewFolder(parent);
            return NewFolder(path);
        }
        throw Failure("mkdir", path, errno);
    }

    static void WriteFile(string path, byte[] content)
    {
        var fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0x1B6 /* 0666, as File.WriteAllBytes */);
        if (fd < 0) throw Failure("open", path, Marshal.GetLastPInvokeError());
        try
        {
            var written = write(fd, content, content.Length);
            if (written < 0) throw Failure("write", path, Marshal.GetLastPInvokeError());
            // A regular file takes a few hundred bytes whole; a short write would be a full disk, which then fails.
            if (written != content.Length) throw new IOException($"write {path}: {written} of {content.Length} bytes written");
        }
        finally
        {
            close(fd);
        }
    }

    static IOException Failure(string call, string path, int errno) =>
        new($"{call} {path}: {Marshal.GetPInvokeErrorMessage(errno)}");

    [DllImport("libc", SetLastError = true)] static extern int mkdir(string path, uint mode);
    [DllImport("libc", SetLastError = true)] static extern int open(string path, int flags, uint mode);
    [DllImport("libc", SetLastError = true)] static extern nint write(int fd, byte[] buffer, nint count);
    [DllImport("libc", SetLastError = true)] static extern int close(int fd);
}
