using System.Diagnostics;
using Engine.Tests.Fixtures;
using Migration.Engine.Inventory;
using Migration.Engine.Sources;

namespace Engine.Tests.Sources;

[Collection(SourceRegistryCollection.Name)]
public sealed class StorageSourceTests(SourceRegistryFixture source) : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("storage-source-").FullName;

    public void Dispose() => Directory.Delete(_scratch, true);

    private static async Task<SourceInventory> ScanAsync(string location)
    {
        using var opened = ImageSourceFactory.Open(location);
        return await new Scanner(opened).ScanAsync(new ScanOptions(), null, CancellationToken.None);
    }

    private async Task<string> TarAsync(string name, params string[] tarArgs)
    {
        var archive = Path.Combine(_scratch, name);
        using var tar = Process.Start(new ProcessStartInfo("tar", ["-cf", archive, .. tarArgs]) { RedirectStandardError = true })!;
        await tar.WaitForExitAsync();
        Assert.Equal(0, tar.ExitCode);
        return archive;
    }

    [Fact]
    public async Task Tar_OfTheStorageFolder_ReadsInPlaceLikeTheFolder()
    {
        var archive = await TarAsync("registry.tar", "-C", source.StorageRoot, ".");

        var fromTar = await ScanAsync(archive);
        var fromFolder = await ScanAsync(source.StorageRoot);

        Assert.Empty(fromTar.Problems);
        Assert.Equal(fromFolder.Totals, fromTar.Totals);
        Assert.Equal(
            fromFolder.Repositories.SelectMany(r => r.Tags.Concat(r.Untagged)).Select(i => $"{i.Tag}@{i.Digest}:{i.Size}"),
            fromTar.Repositories.SelectMany(r => r.Tags.Concat(r.Untagged)).Select(i => $"{i.Tag}@{i.Digest}:{i.Size}"));
    }

    [Fact]
    public async Task Tar_OfV2Itself_IsAcceptedToo()
    {
        var archive = await TarAsync("v2.tar", "-C", Path.Combine(source.StorageRoot, "docker", "registry"), "v2");
        var inventory = await ScanAsync(archive);
        Assert.Equal(StandardDataset.TagCount, inventory.Totals.Tags);
    }

    [Fact]
    public async Task TarGz_GetsAClearErrorSayingWhatToDo()
    {
        var archive = Path.Combine(_scratch, "registry.tar.gz");
        using (var tar = Process.Start(new ProcessStartInfo("tar", ["-czf", archive, "-C", source.StorageRoot, "."]))!)
            await tar.WaitForExitAsync();

        var ex = Assert.Throws<SourceException>(() => ImageSourceFactory.Open(archive));
        Assert.Contains("gzip-compressed", ex.Message);
        Assert.Contains("gunzip -k", ex.Message);
    }

    [Fact]
    public async Task Tar_CutShort_IsReportedAndWhatIsWholeIsStillRead()
    {
        var archive = await TarAsync("cut.tar", "-C", source.StorageRoot, ".");
        await using (var file = new FileStream(archive, FileMode.Open))
            file.SetLength(file.Length / 2);

        var inventory = await ScanAsync(archive);

        Assert.Contains(inventory.Problems, p => p.Code == ProblemCodes.SourceWarning && p.Message.Contains("cut short"));
    }

    [Fact]
    public void Folder_ThatIsNotARegistry_GetsAClearError()
    {
        var ex = Assert.Throws<SourceException>(() => ImageSourceFactory.Open(_scratch));
        Assert.Contains("not a registry storage folder", ex.Message);
        Assert.Contains("does not exist", Assert.Throws<SourceException>(() => ImageSourceFactory.Open(Path.Combine(_scratch, "nope"))).Message);
    }

    [Fact]
    public async Task SymbolicLink_OutOfTheRoot_IsNeverFollowed()
    {
        // A copy of the storage whose "secret" repository is a link to a folder outside the root.
        var copy = Path.Combine(_scratch, "copy");
        CopyTree(source.StorageRoot, copy);
        var outside = Path.Combine(_scratch, "outside", "secret");
        CopyTree(Path.Combine(copy, "docker", "registry", "v2", "repositories", "alpine"), outside);
        Directory.CreateSymbolicLink(Path.Combine(copy, "docker", "registry", "v2", "repositories", "secret"), outside);

        var inventory = await ScanAsync(copy);

        Assert.DoesNotContain(inventory.Repositories, r => r.Name == "secret");
        Assert.Contains(inventory.Problems, p => p.Message.Contains("leads out of the storage root"));
    }

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }
}
