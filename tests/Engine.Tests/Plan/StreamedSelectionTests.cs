using Migration.Engine.Inventory;
using Migration.Engine.Plan;
using Migration.Engine.Sources;
using Registry.Testing;

namespace Engine.Tests.Plan;

/// <summary>Selecting while scanning, in batches, selects exactly what selecting the whole inventory at once does.</summary>
public sealed class StreamedSelectionTests : IDisposable
{
    private readonly string _storage = GeneratedStorage.Write(repositories: 12, tagsPerRepository: 5);

    public void Dispose() => Directory.Delete(_storage, true);

    [Fact]
    public async Task Batches_OfWholeRepositories_SelectWhatTheWholeInventoryDoes()
    {
        using var source = ImageSourceFactory.Open(_storage);
        var filter = new ImageFilter { Latest = 3 };
        var whole = await ImageSelector.SelectAsync(await new Scanner(source).ScanAsync(new ScanOptions(), null, CancellationToken.None),
            filter, new NameMapper(), source, CancellationToken.None);

        var batches = new List<IReadOnlyList<MigrationItem>>();
        await new StreamedSelection(source, filter, new NameMapper()) { BatchImages = 10 }.RunAsync(batch =>
        {
            batches.Add(batch.ToList());
            return ValueTask.CompletedTask;
        }, CancellationToken.None);

        Assert.Equal(whole.Select(Key), batches.SelectMany(b => b).Select(Key));
        Assert.Equal(3, batches.Count); // 12 repositories × 3 latest tags, 10 or more a batch, whole repositories only
        Assert.All(batches, b => Assert.Equal(b.Select(i => i.SourceRepository).Distinct().Count() * 3, b.Count));
    }

    [Fact]
    public async Task TwoRepositoriesMappedOntoOneTarget_AreRefusedEvenWhenTheyFallInDifferentBatches()
    {
        using var source = ImageSourceFactory.Open(_storage);
        var mapper = new NameMapper([("team/service-00000", "team/merged"), ("team/service-00011", "team/merged")]);
        var items = new List<MigrationItem>();
        await new StreamedSelection(source, new ImageFilter(), mapper) { BatchImages = 5 }.RunAsync(batch =>
        {
            items.AddRange(batch);
            return ValueTask.CompletedTask;
        }, CancellationToken.None);

        var refused = items.Where(i => i.TargetRepository == "team/merged").ToList();
        Assert.Equal(10, refused.Count);
        Assert.All(refused, i => Assert.Contains("team/service-00000 and team/service-00011 all map to 'team/merged'", i.Error));
        Assert.All(items.Where(i => i.TargetRepository != "team/merged"), i => Assert.Null(i.Error));
    }

    private static string Key(MigrationItem item) => $"{item.SourceRepository}:{item.Image.Tag}@{item.Image.Digest}->{item.TargetRepository} {item.Error}";
}
