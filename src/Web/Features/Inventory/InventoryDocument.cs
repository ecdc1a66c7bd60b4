using System.Text;
using Migration.Engine.Inventory;
using Web.Data;
using Web.Features.Shared;

namespace Web.Features.Inventory;

/// <summary>A finished scan written out from its rows, as the documented JSON (docs/json.md) or as CSV, a batch at a
/// time: a million-tag download costs the app one batch of memory, not the document.</summary>
public sealed class InventoryDocument(InventoryQuery query)
{
    public const string CsvHeader = "repository,tag,digest,kind,platforms,size,problems";

    public async Task WriteJsonAsync(ScanEntity scan, Stream output, CancellationToken cancellationToken)
    {
        await using var writer = new InventoryJsonWriter(output, scan.SourceDescription ?? scan.SourceName, scan.FinishedAt ?? scan.CreatedAt, scan.Deep,
            scan.UntaggedListed);
        // Both streams are in name order (the rows' positions follow the repositories' names), so one pass pairs them.
        await using var images = query.ImagesAsync(scan.Id, cancellationToken).GetAsyncEnumerator(cancellationToken);
        var more = await images.MoveNextAsync();
        await foreach (var name in query.RepositoryNamesAsync(scan.Id, cancellationToken))
        {
            var (tags, untagged) = (new List<InventoryImage>(), new List<InventoryImage>());
            for (; more && images.Current.Repository == name; more = await images.MoveNextAsync())
                (images.Current.Tag is null ? untagged : tags).Add(InventoryRows.ToImage(images.Current));
            tags.Sort((a, b) => string.CompareOrdinal(a.Tag, b.Tag));
            untagged.Sort((a, b) => string.CompareOrdinal(a.Digest, b.Digest));
            await writer.WriteAsync(new InventoryRepository(name, tags, untagged), cancellationToken);
        }
        var (problems, _) = await query.ProblemsAsync(scan.Id, int.MaxValue, cancellationToken);
        var totals = new InventoryTotals(scan.Repositories, scan.Tags, scan.Untagged, scan.Manifests, scan.UniqueBlobs, scan.ReferencedBytes,
            scan.UniqueBytes, scan.Problems);
        await writer.FinishAsync(query.BlobsAsync(scan.Id, cancellationToken),
            problems.Select(p => new InventoryProblem(p.Code, p.Repository, p.Reference, p.Message)), totals, cancellationToken);
    }

    /// <summary>One line per tag and untagged manifest, in the grid's reading order.</summary>
    public async Task WriteCsvAsync(int scanId, Stream output, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
        await writer.WriteAsync(CsvHeader + "\n");
        await foreach (var image in query.ImagesAsync(scanId, cancellationToken))
        {
            var r = InventoryRow.From(image);
            await writer.WriteAsync(string.Join(',', new[] { r.Repository, r.Tag, r.Digest, r.Kind, r.Platforms, r.Size.ToString(), r.Problems }.Select(Csv.Quote)) + "\n");
        }
        await writer.FlushAsync(cancellationToken);
    }
}
