using System.Runtime.Versioning;

namespace Registry.Testing;

/// <summary>
/// A registry's storage folder with two files its reader may not open: the data of a layer of <c>locked/blob:1</c>,
/// and the tag link of <c>locked/link:1</c> (both mode 000). Everything else, <c>ok/app:1</c> included, is opened to
/// everyone. The tests run as root, which reads any file whatever its mode, so the tool under test must run as
/// another account (<c>nobody</c>) for the fault to be real.
/// </summary>
/// <param name="StorageRoot">The folder the registry wrote (its <c>rootdirectory</c>).</param>
/// <param name="Readable">The manifest of <c>ok/app:1</c>, which every reader can copy.</param>
/// <param name="LockedLayer">The digest of the layer whose data file is locked.</param>
/// <param name="BlobData">That data file, relative to <c>docker/registry/v2</c>.</param>
/// <param name="TagLink">The locked tag link, relative to <c>docker/registry/v2</c>.</param>
[SupportedOSPlatform("linux")]
public sealed record UnreadableStorage(string StorageRoot, PushedManifest Readable, string LockedLayer, string BlobData, string TagLink)
    : IAsyncDisposable
{
    private RegistryProcess? _registry;

    /// <summary>A registry on a folder of its own, the three images pushed through it, then the modes set.</summary>
    public static async Task<UnreadableStorage> StartAsync()
    {
        var root = Directory.CreateTempSubdirectory("readable-storage-").FullName;
        var registry = await RegistryProcess.StartAsync(new RegistryProcessOptions { StorageRoot = root });
        try
        {
            return await PrepareAsync(registry) with { _registry = registry };
        }
        catch
        {
            await registry.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_registry is null) return;
        await _registry.DisposeAsync();
        Directory.Delete(StorageRoot, true);
    }

    private static async Task<UnreadableStorage> PrepareAsync(RegistryProcess registry)
    {
        PushedManifest readable;
        string lockedLayer;
        using (var push = new ImagePusher(registry.BaseUri))
        {
            readable = await push.PushImageAsync("ok/app", "1", new ImageSpec([new(601, 20_000)]));
            await push.PushImageAsync("locked/blob", "1", new ImageSpec([new(602, 20_000)]));
            lockedLayer = await push.PushBlobAsync("locked/blob", new LayerSpec(602, 20_000));
            await push.PushImageAsync("locked/link", "1", new ImageSpec([new(603, 20_000)]));
        }
        var storage = new UnreadableStorage(registry.StorageRoot, readable, lockedLayer,
            Path.Combine("blobs", "sha256", lockedLayer[7..9], lockedLayer[7..], "data"),
            Path.Combine("repositories", "locked", "link", "_manifests", "tags", "1", "current", "link"));
        OpenToEveryone(storage.StorageRoot);
        File.SetUnixFileMode(storage.FullPath(storage.BlobData), UnixFileMode.None);
        File.SetUnixFileMode(storage.FullPath(storage.TagLink), UnixFileMode.None);
        return storage;
    }

    /// <summary>Where <paramref name="relative"/> (as <see cref="BlobData"/> and <see cref="TagLink"/> are) lies on disk.</summary>
    public string FullPath(string relative) => Path.Combine(StorageRoot, "docker", "registry", "v2", relative);

    private static void OpenToEveryone(string root)
    {
        File.SetUnixFileMode(root, File.GetUnixFileMode(root) | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        foreach (var dir in Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories))
            File.SetUnixFileMode(dir, File.GetUnixFileMode(dir) | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            File.SetUnixFileMode(file, File.GetUnixFileMode(file) | UnixFileMode.OtherRead);
    }
}
