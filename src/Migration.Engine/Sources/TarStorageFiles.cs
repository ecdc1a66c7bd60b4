using Microsoft.Win32.SafeHandles;

namespace Migration.Engine.Sources;

/// <summary>
/// A storage tree inside an uncompressed .tar, read in place: the headers are walked once to index every
/// file's offset and length, then blobs are read with positioned reads on one shared handle, so nothing is
/// extracted and many blobs can be read at once.
/// </summary>
internal sealed class TarStorageFiles : StorageFiles
{
    private readonly string _archive;
    private readonly SafeFileHandle _handle;
    private readonly long _archiveLength;
    private readonly Dictionary<string, TarFileEntry> _files;
    private readonly Dictionary<string, List<string>> _directories;

    private TarStorageFiles(string archive, SafeFileHandle handle, long length,
        Dictionary<string, TarFileEntry> files, Dictionary<string, List<string>> directories)
    {
        _archive = archive;
        _handle = handle;
        _archiveLength = length;
        _files = files;
        _directories = directories;
    }

    public override string Description => _archive;

    public static TarStorageFiles OpenArchive(string archive)
    {
        var full = Path.GetFullPath(archive);
        var handle = File.OpenHandle(full, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            return Index(full, handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static TarStorageFiles Index(string full, SafeFileHandle handle)
    {
        var length = RandomAccess.GetLength(handle);
        var warnings = new List<string>();
        var entries = new Dictionary<string, TarFileEntry>(StringComparer.Ordinal);
        var hardLinks = new List<(string Path, string Target)>();
        // Empty folders matter: a repository whose tags were all deleted is a `_manifests` folder with nothing in it, and
        // the folder reader lists it; the archive must list the same repositories.
        var folders = new List<string>();
        foreach (var entry in TarIndex.Read(handle, length, warnings))
        {
            var name = Normalise(entry.Name);
            switch (entry.Type)
            {
                case '0' or '7':
                    entries[name] = new TarFileEntry(entry.DataOffset, entry.Length, entry.ModifiedAt);
                    break;
                case '5':
                    folders.Add(name);
                    break;
                case '1':
                    hardLinks.Add((name, Normalise(entry.LinkName)));
                    break;
                case '2':
                    warnings.Add($"ignored symbolic link '{name}' in the archive: links are never followed");
                    break;
            }
        }
        foreach (var (path, target) in hardLinks)
        {
            if (entries.TryGetValue(target, out var data)) entries[path] = data;
        }

        var root = FindRoot(entries.Keys)
            ?? throw new SourceException(
                $"'{full}' is not a tar of a registry storage folder: it has no docker/registry/v2/repositories or repositories/ entries");
        var files = new Dictionary<string, TarFileEntry>(StringComparer.Ordinal);
        var directories = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (name, entry) in entries)
        {
            if (!name.StartsWith(root, StringComparison.Ordinal)) continue;
            var relative = name[root.Length..];
            if (entry.Offset + entry.Length > length)
                warnings.Add($"'{relative}' is cut short in the archive: it needs {entry.Offset + entry.Length - length} bytes past the end");
            files[relative] = entry;
            AddParents(directories, relative);
        }
        foreach (var folder in folders.Where(f => f.StartsWith(root, StringComparison.Ordinal) && f.Length > root.Length))
            AddParents(directories, folder[root.Length..] + "/.");
        var result = new TarStorageFiles(full, handle, length, files, directories);
        result.Warnings.AddRange(warnings);
        return result;
    }

    public override IReadOnlyList<string> ListDirectories(string path) =>
        _directories.TryGetValue(path, out var children) ? children : [];

    public override bool DirectoryExists(string path) => _directories.ContainsKey(path);

    public override StorageFileInfo? Stat(string path) =>
        _files.TryGetValue(path, out var entry) ? new StorageFileInfo(entry.Length, entry.ModifiedAt) : null;

    public override byte[]? ReadSmallFile(string path)
    {
        if (!_files.TryGetValue(path, out var entry)) return null;
        CheckWhole(path, entry);
        var bytes = new byte[entry.Length];
        var read = RandomAccess.Read(_handle, bytes, entry.Offset);
        return read == bytes.Length ? bytes : throw new SourceException($"'{path}' is cut short in the archive");
    }

    public override Stream OpenRead(string path, long offset)
    {
        if (!_files.TryGetValue(path, out var entry)) throw new SourceNotFoundException($"'{path}' is not in the archive");
        CheckWhole(path, entry);
        return new FileRangeStream(_handle, entry.Offset + offset, entry.Length - offset);
    }

    public override void Dispose()
    {
        _handle.Dispose();
        base.Dispose();
    }

    private void CheckWhole(string path, TarFileEntry entry)
    {
        if (entry.Offset + entry.Length > _archiveLength)
            throw new SourceException($"'{path}' is cut short in the archive '{_archive}' (the .tar ends {entry.Offset + entry.Length - _archiveLength} bytes too early)");
    }

    private static string Normalise(string name)
    {
        var n = name.Replace('\\', '/');
        while (n.StartsWith("./", StringComparison.Ordinal)) n = n[2..];
        return n.TrimStart('/').TrimEnd('/');
    }

    private static string? FindRoot(IEnumerable<string> names)
    {
        string? fallback = null;
        foreach (var name in names)
        {
            var v2 = name.IndexOf("docker/registry/v2/", StringComparison.Ordinal);
            if (v2 >= 0 && (v2 == 0 || name[v2 - 1] == '/')) return name[..(v2 + "docker/registry/v2/".Length)];
            if (fallback is null)
            {
                foreach (var marker in new[] { "repositories/", "blobs/sha256/" })
                {
                    var at = name.IndexOf(marker, StringComparison.Ordinal);
                    if (at >= 0 && (at == 0 || name[at - 1] == '/')) { fallback = name[..at]; break; }
                }
            }
        }
        return fallback;
    }

    private static void AddParents(Dictionary<string, List<string>> directories, string file)
    {
        var child = file;
        while (true)
        {
            var slash = child.LastIndexOf('/');
            var parent = slash < 0 ? "" : child[..slash];
            var name = slash < 0 ? child : child[(slash + 1)..];
            var isNewParent = !directories.TryGetValue(parent, out var list);
            if (isNewParent) directories[parent] = list = [];
            if (child != file) list!.Add(name);
            if (!isNewParent || slash < 0) return;
            child = parent;
        }
    }

    private sealed record TarFileEntry(long Offset, long Length, DateTimeOffset ModifiedAt);
}
