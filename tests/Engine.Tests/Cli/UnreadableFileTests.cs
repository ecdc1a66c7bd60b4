using System.Runtime.Versioning;
using Registry.Testing;

namespace Engine.Tests.Cli;

/// <summary>
/// Files the tool may not read. The tests run as root, which reads any file whatever its mode, so the CLI runs as
/// <c>nobody</c> against a storage folder everyone may read, except for a blob's data and a tag's link file
/// (<see cref="UnreadableStorage"/>).
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class UnreadableFileTests
{
    [Fact]
    public async Task Migrate_AsAnotherUser_UnreadableBlobAndTagLink_AreReportedPerImageAndTheRestIsCopied()
    {
        await using var storage = await UnreadableStorage.StartAsync();
        await using var target = await RegistryProcess.StartAsync();

        var result = await CliRunner.RunAsUserAsync("nobody", "migrate", "--source", storage.StorageRoot, "--target", target.BaseUri.ToString());

        Assert.True(result.Code == 1, result.Out + result.Err);
        Assert.Contains($"failed: locked/blob:1 → locked/blob: blob {storage.LockedLayer}: cannot read '{storage.BlobData}': permission denied", result.Out);
        Assert.Contains($"failed: locked/link:1 → locked/link: cannot read '{storage.TagLink}': permission denied", result.Out);
        Assert.Contains("1 copied, 0 already there, 2 failed, of 3", result.Out);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Head, new Uri(target.BaseUri, "v2/ok/app/manifests/1"));
        request.Headers.Accept.ParseAdd(storage.Readable.MediaType);
        using var response = await http.SendAsync(request);
        Assert.Equal(storage.Readable.Digest, response.Headers.GetValues("Docker-Content-Digest").Single());
    }
}
