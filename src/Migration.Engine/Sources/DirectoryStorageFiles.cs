using System.Runtime.InteropServices;

namespace Migration.Engine.Sources;

/// <summary>A storage tree in a folder. Symbolic links are followed only while they stay inside the root.</summary>
internal sealed partial class DirectoryStorageFiles : StorageFiles
{
    private readonly string _root;
    private readonly string _realRoot;

    private DirectoryStorageFiles(string root)
    {
        _root = root;
        _realRoot = RealPath(root) ?? root;
    }

    public override string Description => _root;

    public static DirectoryStorageFiles OpenFolder(string location)
    {
        var full = Path.GetFullPath(location);
        foreach (var candidate in new[] { Path.Combine(full, "docker", "registry", "v2"), Path.Combine(full, "registry", "v2"), full })
        {
            if (Directory.Exists(Path.Combine(candidate, "repositories")) || Directory.Exists(Path.Combine(candidate, "blobs")))
                return new DirectoryStorageFiles(candidate);
        }
        throw new SourceException(
            $"'{location}' is not a registry storage folder: found neither docker/registry/v2/repositories nor repositories/ in it. " +
            "Pass the folder that holds docker/ (the registry's rootdirectory) or docker/registry/v2 itself.");
    }

    public override IReadOnlyList<string> ListDirectories(string path)
    {
        var dir = new DirectoryInfo(Full(path));
        if (!dir.Exists) return [];
        var names = new List<string>();
        try
        {
            foreach (var child in dir.EnumerateDirectories())
            {
                if (child.LinkTarget is not null && !IsInsideRoot(child.FullName))
                {
                    AddWarning($"skipped '{Join(path, child.Name)}': a symbolic link that leads out of the storage root");
                    continue;
                }
                names.Add(child.Name);
            }
        }
        catch (UnauthorizedAccessException ex) { throw new SourceException($"cannot list '{path}': permission denied", ex); }
        return names;
    }

    public override bool DirectoryExists(string path) => Directory.Exists(Full(path));

    public override StorageFileInfo? Stat(string path)
    {
        var file = new FileInfo(Full(path));
        if (!file.Exists || !IsSafe(file)) return null;
        return new StorageFileInfo(file.Length, file.LastWriteTimeUtc);
    }

    public override byte[]? ReadSmallFile(string path)
    {
        var full = Full(path);
        try
        {
            var file = new FileInfo(full);
            if (!file.Exists || !IsSafe(file)) return null;
            return File.ReadAllBytes(full);
        }
        catch (FileNotFoundException) { return null; }
        catch (DirectoryNotFoundException) { return null; }
        catch (UnauthorizedAccessException ex) { throw new SourceException($"cannot read '{path}': permission denied", ex); }
        catch (IOException ex) { throw new SourceException($"cannot read '{path}': {ex.Message}", ex); }
    }

    public override Stream OpenRead(string path, long offset)
    {
        var file = new FileInfo(Full(path));
        if (!file.Exists || !IsSafe(file)) throw new SourceNotFoundException($"'{path}' does not exist in the storage folder");
        try
        {
            var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            if (offset > 0) stream.Seek(offset, SeekOrigin.Begin);
            return stream;
        }
        catch (UnauthorizedAccessException ex) { throw new SourceException($"cannot read '{path}': permission denied", ex); }
    }

    private string Full(string path) => Path.Combine(_root, path);

    // Only a path that went through a symlink can leave the root, so the realpath call is paid for links alone
    // in the last component; links higher up are caught when their directory is listed.
    private bool IsSafe(FileInfo file)
    {
        if (file.LinkTarget is null) return true;
        if (IsInsideRoot(file.FullName)) return true;
        AddWarning($"refused '{Path.GetRelativePath(_root, file.FullName)}': a symbolic link that leads out of the storage root");
        return false;
    }

    private bool IsInsideRoot(string path)
    {
        var real = RealPath(path);
        return real is not null && (real == _realRoot || real.StartsWith(_realRoot + "/", StringComparison.Ordinal));
    }

    private void AddWarning(string message)
    {
        lock (Warnings)
        {
            if (!Warnings.Contains(message)) Warnings.Add(message);
        }
    }

    private static string Join(string a, string b) => a.Length == 0 ? b : $"{a}/{b}";

    private static string? RealPath(string path)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
            return new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(path);
        var result = NativeRealPath(path, IntPtr.Zero);
        if (result == IntPtr.Zero) return null;
        try { return Marshal.PtrToStringUTF8(result); }
        finally { Marshal.FreeHGlobal(result); }
    }

    [LibraryImport("libc", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr NativeRealPath(string path, IntPtr resolved);
}
