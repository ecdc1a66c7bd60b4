using System.Runtime.Versioning;
using Registry.Testing;

namespace Engine.Tests.Cli;

/// <summary>
/// Files the tool may not read. The tests run as root, which reads any file whatever its mode, so the CLI runs as
/// <c>nobody</c> against a storage folder everyone may read, except for a blob's data and a tag's link file.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class UnreadableFileTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("readable-storage-").FullName;
    private RegistryProcess _source = null!;

    public async Task InitializeAsync() => _source = await RegistryProcess.StartAsync(new RegistryProcessOptions { StorageRoot = _root });

    public async Task DisposeAsync()
    {
        await _source.DisposeAsync();
        Directory.Delete(_root, true);
    }

    [Fact]
    public async Task Migrate_AsAnotherUser_UnreadableBlobAndTagLink_AreReportedPerImageAndTheRestIsCopied()
    {
        string lockedLayer;
        PushedManifest good;
        using (var push = new ImagePusher(_source.BaseUri))
        {
            good = await push.PushImageAsync("ok/app", "1", new ImageSpec([new(601, 20_000)]));
            await push.PushImageAsync("locked/blob", "1", new ImageSpec([new(602, 20_000)]));
            lockedLayer = await push.PushBlobAsync("locked/blob", new LayerSpec(602, 20_000));
            await push.PushImageAsync("locked/link", "1", new ImageSpec([new(603, 20_000)]));
        }
        var v2 = Path.Combine(_root, "docker", "registry", "v2");
        OpenToEveryone(_root);
        var blobData = Path.Combine(v2, "blobs", "sha256", lockedLayer[7..9], lockedLayer[7..], "data");
        var tagLink = Path.Combine(v2, "repositories", "locked", "link", "_manifests", "tags", "1", "current", "link");
        File.SetUnixFileMode(blobData, UnixFileMode.None);
        File.SetUnixFileMode(tagLink, UnixFileMode.None);
        await using var target = await RegistryProcess.StartAsync();

        var result = await CliRunner.RunAsUserAsync("nobody", "migrate", "--source", _root, "--target", target.BaseUri.ToString());

        Assert.True(result.Code == 1, result.Out + result.Err);
        var blobRelative = Path.GetRelativePath(v2, blobData);
        Assert.Contains($"failed: locked/blob:1 → locked/blob: blob {lockedLayer}: cannot read '{blobRelative}': permission denied", result.Out);
        Assert.Contains("failed: locked/link:1 → locked/link: cannot read 'repositories/locked/link/_manifests/tags/1/current/link': permission denied", result.Out);
        Assert.Contains("1 copied, 0 already there, 2 failed, of 3", result.Out);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Head, new Uri(target.BaseUri, "v2/ok/app/manifests/1"));
        request.Headers.Accept.ParseAdd(good.MediaType);
        using var response = await http.SendAsync(request);
        Assert.Equal(good.Digest, response.Headers.GetValues("Docker-Content-Digest").Single());
    }

    private static void OpenToEveryone(string root)
    {
        File.SetUnixFileMode(root, File.GetUnixFileMode(root) | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        foreach (var dir in Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories))
            File.SetUnixFileMode(dir, File.GetUnixFileMode(dir) | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            File.SetUnixFileMode(file, File.GetUnixFileMode(file) | UnixFileMode.OtherRead);
    }
}
