using Engine.Tests.Fixtures;
using Migration.Engine.Inventory;
using Migration.Engine.Sources;

namespace Engine.Tests.Inventory;

[Collection(SourceRegistryCollection.Name)]
public sealed class ScannerTests(SourceRegistryFixture source)
{
    [Fact]
    public async Task Scan_StorageFolder_FindsEveryRepositoryTagAndUntaggedManifest()
    {
        using var storage = ImageSourceFactory.Open(source.StorageRoot);
        var inventory = await new Scanner(storage).ScanAsync(new ScanOptions(), null, CancellationToken.None);

        Assert.Equal(StandardDataset.Repositories, inventory.Repositories.Select(r => r.Name));
        Assert.Equal(StandardDataset.TagCount, inventory.Totals.Tags);
        Assert.Equal(StandardDataset.UntaggedCount, inventory.Totals.Untagged);
        Assert.Empty(inventory.Problems);
        var app = inventory.Repositories.Single(r => r.Name == "team-a/app");
        Assert.Equal(
            new[] { source.Data.AppRetaggedAway.Digest, source.Data.AppUntagged.Digest }.Order(),
            app.Untagged.Select(u => u.Digest).Order());
    }

    [Fact]
    public async Task Scan_Index_ReportsKindPlatformsAndSizeOfAllChildren()
    {
        using var storage = ImageSourceFactory.Open(source.StorageRoot);
        var inventory = await new Scanner(storage).ScanAsync(new ScanOptions(), null, CancellationToken.None);

        var multi = inventory.Repositories.Single(r => r.Name == "multi/arch");
        var list = multi.Tags.Single(t => t.Tag == "1.0");
        Assert.Equal("index", list.Kind);
        Assert.Equal(["linux/amd64", "linux/arm64/v8"], list.Platforms);
        Assert.Equal(source.Data.MultiArch.Digest, list.Digest);
        // Index + two manifests + two configs + layers 300000, 100000 and 90000.
        Assert.True(list.Size > 490_000 && list.Size < 495_000, $"size {list.Size}");
        Assert.Equal("index", multi.Tags.Single(t => t.Tag == "oci").Kind);
        Assert.Equal("artifact", inventory.Repositories.Single(r => r.Name == "artifacts/chart").Tags[0].Kind);
        Assert.Equal("oci", inventory.Repositories.Single(r => r.Name == "team-a/tools/deep/nested").Tags[0].Kind);
        Assert.Equal("image", inventory.Repositories.Single(r => r.Name == "alpine").Tags[0].Kind);
    }

    [Fact]
    public async Task Scan_SharedLayers_UniqueBytesCountEachBlobOnce()
    {
        using var storage = ImageSourceFactory.Open(source.StorageRoot);
        var inventory = await new Scanner(storage).ScanAsync(new ScanOptions(), null, CancellationToken.None);

        var baseLayer = inventory.Blobs.Single(b => b.Size == StandardDataset.BaseLayer.Size);
        Assert.Equal(3, baseLayer.Repositories);
        Assert.Equal(inventory.Blobs.Sum(b => b.Size), inventory.Totals.UniqueBytes);
        Assert.True(inventory.Totals.ReferencedBytes > inventory.Totals.UniqueBytes + 4 * StandardDataset.BaseLayer.Size);
    }

    [Fact]
    public async Task Scan_HttpApi_FindsTheSameTagsButNoUntagged()
    {
        using var http = ImageSourceFactory.Open(source.Registry.BaseUri.ToString());
        var inventory = await new Scanner(http).ScanAsync(new ScanOptions(), null, CancellationToken.None);

        Assert.Equal(StandardDataset.Repositories, inventory.Repositories.Select(r => r.Name));
        Assert.Equal(StandardDataset.TagCount, inventory.Totals.Tags);
        Assert.False(inventory.UntaggedListed);
        Assert.Empty(inventory.Problems);
    }

    [Fact]
    public async Task Scan_Deep_HashesEveryBlobAndFindsNothingWrongInAGoodRegistry()
    {
        using var storage = ImageSourceFactory.Open(Path.Combine(source.StorageRoot, "docker", "registry", "v2"));
        var inventory = await new Scanner(storage).ScanAsync(new ScanOptions { Deep = true }, null, CancellationToken.None);

        Assert.True(inventory.Deep);
        Assert.Empty(inventory.Problems);
        Assert.Equal(StandardDataset.TagCount, inventory.Totals.Tags);
    }
}
