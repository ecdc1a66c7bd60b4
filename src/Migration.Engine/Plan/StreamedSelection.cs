using Migration.Engine.Inventory;
using Migration.Engine.Oci;
using Migration.Engine.Sources;

namespace Migration.Engine.Plan;

/// <summary>
/// Selects images while the source is scanned, and hands them over in batches of whole repositories of about
/// <see cref="BatchImages"/> images: a registry of any size is planned and copied in bounded memory, and a small one
/// is one batch, exactly as if it had been selected all at once.
/// </summary>
public sealed class StreamedSelection(IImageSource source, ImageFilter filter, NameMapper mapper)
{
    public int BatchImages { get; init; } = 20_000;

    /// <summary>Calls <paramref name="onBatch"/> for each batch, in repository order, and once with an empty batch when
    /// nothing was selected. Returns the scan's summary.</summary>
    public async Task<InventorySummary> RunAsync(Func<IReadOnlyList<MigrationItem>, ValueTask> onBatch, CancellationToken cancellationToken)
    {
        // Collisions are found from the names up front: the repositories that collide may be read batches apart.
        var names = (await source.ListRepositoriesAsync(cancellationToken)).Where(n => RepositoryName.Explain(n) is null && filter.MatchesRepository(n));
        var collisions = ImageSelector.Collisions(names, mapper);
        var batch = new List<MigrationItem>();
        var delivered = false;
        var summary = await new Scanner(source).ScanAsync(new ScanOptions { RepositoryFilter = filter.MatchesRepository }, null, async repository =>
        {
            batch.AddRange(await ImageSelector.SelectAsync(repository, filter, mapper, collisions, source, cancellationToken));
            if (batch.Count < BatchImages) return;
            await onBatch(batch);
            (batch, delivered) = ([], true);
        }, cancellationToken);
        if (batch.Count > 0 || !delivered) await onBatch(batch);
        return summary;
    }
}
