using Migration.Engine.Inventory;
using Migration.Engine.Sources;
using Registry.Testing;

namespace Engine.Tests.Inventory;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurements
{
    // Alone, so no other test's allocations are counted: the heap is the process's.
    public const string Name = "memory measurements";
}

/// <summary>A streamed scan keeps the repositories it is reading and a compact blob index, not the inventory: twice the
/// tags must not take twice the memory (issue 11; the benchmark measures it at a million tags).</summary>
[Collection(MemoryMeasurements.Name)]
public sealed class ScanMemoryTests
{
    [Fact]
    public async Task StreamedScan_OfTwiceTheTags_DoesNotTakeTwiceTheMemory()
    {
        var small = GeneratedStorage.Write(repositories: 100, tagsPerRepository: 10);
        var large = GeneratedStorage.Write(repositories: 200, tagsPerRepository: 10);
        try
        {
            var (smallPeak, smallTags) = await PeakDuringStreamedScanAsync(small);
            var (largePeak, largeTags) = await PeakDuringStreamedScanAsync(large);
            var whole = await HeldByWholeInventoryAsync(large);

            Assert.Equal((1_000, 2_000), (smallTags, largeTags));
            // Twice the tags, less than twice the memory; what does grow (the blob index, two blobs a tag here) grows by
            // well under a kilobyte a tag, where the whole inventory takes several.
            Assert.True(largePeak < smallPeak * 2, $"streamed scan: {smallPeak:N0} bytes at 1,000 tags, {largePeak:N0} at 2,000");
            Assert.True((largePeak - smallPeak) / 1_000 < 1_024, $"streamed scan grew {(largePeak - smallPeak) / 1_000:N0} bytes a tag");
            Assert.True(largePeak < whole / 3, $"streamed scan peak {largePeak:N0} bytes; the whole inventory holds {whole:N0}");
        }
        finally
        {
            Directory.Delete(small, true);
            Directory.Delete(large, true);
        }
    }

    private static async Task<(long Peak, int Tags)> PeakDuringStreamedScanAsync(string root)
    {
        using var source = ImageSourceFactory.Open(root);
        var baseline = Heap();
        long peak = 0;
        var seen = 0;
        var summary = await new Scanner(source).ScanAsync(new ScanOptions(), null, repository =>
        {
            if (++seen % 10 == 0) peak = Math.Max(peak, Heap() - baseline);
            return ValueTask.CompletedTask;
        }, CancellationToken.None);
        peak = Math.Max(peak, Heap() - baseline);
        GC.KeepAlive(summary);
        return (peak, summary.Totals.Tags);
    }

    private static async Task<long> HeldByWholeInventoryAsync(string root)
    {
        using var source = ImageSourceFactory.Open(root);
        var baseline = Heap();
        var inventory = await new Scanner(source).ScanAsync(new ScanOptions(), null, CancellationToken.None);
        var held = Heap() - baseline;
        GC.KeepAlive(inventory);
        return held;
    }

    private static long Heap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
