namespace Migration.Engine.Sources;

/// <summary>
/// Read-only access to a Docker Distribution storage tree, addressed by paths relative to
/// <c>docker/registry/v2</c> with '/' separators. Backed by a folder, an uncompressed .tar read in place, or a bucket.
/// </summary>
public abstract class StorageFiles : IDisposable
{
    public abstract string Description { get; }

    public List<string> Warnings { get; } = [];

    /// <summary>Requests made to the store so far, where each read is one (a bucket); null for local files.</summary>
    public virtual long? Requests => null;

    public abstract IReadOnlyList<string> ListDirectories(string path);

    public abstract bool DirectoryExists(string path);

    /// <summary>Size and modification time, or null when the file does not exist (or leads out of the root).</summary>
    public abstract StorageFileInfo? Stat(string path);

    /// <summary>Reads a small file whole (link files, manifests). Null when it does not exist.</summary>
    public abstract byte[]? ReadSmallFile(string path);

    public abstract Stream OpenRead(string path, long offset);

    /// <summary>Every file under <paramref name="path"/>, at any depth, with its size and time, where one listing is
    /// cheaper than walking folder by folder (a bucket: one request per 1,000 keys); null where it is not.</summary>
    public virtual IReadOnlyList<StorageListedFile>? ListFiles(string path) => null;

    public virtual void Dispose() => GC.SuppressFinalize(this);

    /// <summary>Accepts the folder holding <c>docker/</c>, <c>docker/registry/v2</c> itself, or a .tar of either.</summary>
    public static StorageFiles Open(string location)
    {
        // AWS itself, keys from the environment; other stores need an endpoint (ImageSourceFactory.Open(S3Location)).
        if (S3Location.IsS3(location)) return S3StorageFiles.Open(S3Location.Parse(location));
        if (File.Exists(location))
        {
            CheckNotCompressed(location);
            return TarStorageFiles.OpenArchive(location);
        }
        if (!Directory.Exists(location))
            throw new SourceException($"source '{location}' does not exist: expected a registry storage folder, a .tar of one, or an http(s):// URL");
        return DirectoryStorageFiles.OpenFolder(location);
    }

    private static void CheckNotCompressed(string file)
    {
        Span<byte> magic = stackalloc byte[6];
        using var stream = File.OpenRead(file);
        var read = stream.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        var kind = read >= 2 && magic[0] == 0x1f && magic[1] == 0x8b ? "gzip"
            : read >= 3 && magic[0] == (byte)'B' && magic[1] == (byte)'Z' && magic[2] == (byte)'h' ? "bzip2"
            : read >= 6 && magic[0] == 0xfd && magic[1] == (byte)'7' && magic[2] == (byte)'z' ? "xz"
            : read >= 4 && magic[0] == 0x28 && magic[1] == 0xb5 && magic[2] == 0x2f && magic[3] == 0xfd ? "zstd"
            : null;
        if (kind is not null)
            throw new SourceException(
                $"'{file}' is a {kind}-compressed archive. A compressed stream cannot be read in place (every blob would need " +
                $"the whole archive decompressed up to it). Decompress it once, e.g. `{(kind == "gzip" ? "gunzip -k" : kind == "bzip2" ? "bunzip2 -k" : kind == "xz" ? "unxz -k" : "unzstd")} {file}`, " +
                "and pass the resulting .tar, or extract it and pass the folder.");
    }
}

public sealed record StorageFileInfo(long Length, DateTimeOffset ModifiedAt);

/// <summary>A file found by <see cref="StorageFiles.ListFiles"/>: its path below the folder listed.</summary>
public sealed record StorageListedFile(string Path, long Length, DateTimeOffset ModifiedAt);
