using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Migration.Engine.Inventory;
using Web.Data;

namespace Web.Features.Inventory;

/// <summary>What a page asks of a scan's inventory: one page of rows, found, sorted and grouped by the database.</summary>
public sealed record InventoryPageRequest(string? Search = null, string? SortBy = null, bool Descending = false, int Page = 0, int PageSize = 50,
    bool ByRepository = false)
{
    public const int MaxPageSize = 1_000;
}

/// <summary>
/// Reads a scan's inventory from its rows, a page or a batch at a time: pages, exports and the API never hold a whole
/// inventory, so a million-tag scan costs the app what one page costs (issue 11).
/// </summary>
public sealed class InventoryQuery(IDbContextFactory<DashboardDbContext> databases)
{
    private const int Batch = 2_000;

    public async Task<(IReadOnlyList<ScanImageEntity> Rows, int Total)> PageAsync(int scanId, InventoryPageRequest request, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var rows = Search(db.ScanImages.AsNoTracking().Where(i => i.ScanId == scanId), request.Search);
        var total = await rows.CountAsync(cancellationToken);
        var size = Math.Clamp(request.PageSize, 1, InventoryPageRequest.MaxPageSize);
        var page = await Sort(rows, request).Skip(Math.Max(0, request.Page) * size).Take(size).ToListAsync(cancellationToken);
        return (page, total);
    }

    /// <summary>The named repositories' rows, for group headers that count the whole repository, not the page.</summary>
    public async Task<IReadOnlyDictionary<string, ScanRepositoryEntity>> RepositoriesAsync(int scanId, IEnumerable<string> names, CancellationToken cancellationToken = default)
    {
        var wanted = names.Distinct().ToList();
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.ScanRepositories.AsNoTracking().Where(r => r.ScanId == scanId && wanted.Contains(r.Name))
            .ToDictionaryAsync(r => r.Name, StringComparer.Ordinal, cancellationToken);
    }

    public async IAsyncEnumerable<string> RepositoryNamesAsync(int scanId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await foreach (var name in db.ScanRepositories.AsNoTracking().Where(r => r.ScanId == scanId).OrderBy(r => r.Name).Select(r => r.Name)
                           .AsAsyncEnumerable().WithCancellation(cancellationToken))
            yield return name;
    }

    public async Task<(IReadOnlyList<ScanProblemEntity> Problems, int Total)> ProblemsAsync(int scanId, int take, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var problems = db.ScanProblems.AsNoTracking().Where(p => p.ScanId == scanId);
        return (await problems.OrderBy(p => p.Id).Take(take).ToListAsync(cancellationToken), await problems.CountAsync(cancellationToken));
    }

    /// <summary>Every row in reading order, read in batches (keyset on the position, so each batch is an index seek).</summary>
    public async IAsyncEnumerable<ScanImageEntity> ImagesAsync(int scanId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var after = -1;
        while (true)
        {
            List<ScanImageEntity> batch;
            await using (var db = await databases.CreateDbContextAsync(cancellationToken))
                batch = await db.ScanImages.AsNoTracking().Where(i => i.ScanId == scanId && i.Position > after).OrderBy(i => i.Position)
                    .Take(Batch).ToListAsync(cancellationToken);
            foreach (var row in batch) yield return row;
            if (batch.Count < Batch) yield break;
            after = batch[^1].Position;
        }
    }

    public async IAsyncEnumerable<InventoryBlob> BlobsAsync(int scanId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var after = "";
        while (true)
        {
            List<ScanBlobEntity> batch;
            await using (var db = await databases.CreateDbContextAsync(cancellationToken))
                batch = await db.ScanBlobs.AsNoTracking().Where(b => b.ScanId == scanId && string.Compare(b.Digest, after) > 0).OrderBy(b => b.Digest)
                    .Take(Batch).ToListAsync(cancellationToken);
            foreach (var blob in batch) yield return new InventoryBlob(blob.Digest, blob.Size, blob.Repositories);
            if (batch.Count < Batch) yield break;
            after = batch[^1].Digest;
        }
    }

    private static IQueryable<ScanImageEntity> Search(IQueryable<ScanImageEntity> rows, string? search)
    {
        if (string.IsNullOrWhiteSpace(search)) return rows;
        var pattern = "%" + search.Trim().Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_") + "%";
        return rows.Where(i => EF.Functions.Like(i.Repository, pattern, @"\") || EF.Functions.Like(i.Tag!, pattern, @"\") ||
                               EF.Functions.Like(i.Digest, pattern, @"\") || EF.Functions.Like(i.Kind, pattern, @"\") ||
                               EF.Functions.Like(i.Role!, pattern, @"\") || EF.Functions.Like(i.Platforms, pattern, @"\") ||
                               EF.Functions.Like(i.Problems, pattern, @"\") || EF.Functions.Like(i.Attached, pattern, @"\"));
    }

    // Grouped by repository, the repository comes first; the reading order breaks ties, so paging is stable.
    private static IQueryable<ScanImageEntity> Sort(IQueryable<ScanImageEntity> rows, InventoryPageRequest request)
    {
        IOrderedQueryable<ScanImageEntity>? sorted = request.ByRepository && request.SortBy is not (null or nameof(InventoryRow.Repository))
            ? rows.OrderBy(i => i.Repository) : null;
        var descending = request.Descending;
        sorted = request.SortBy switch
        {
            nameof(InventoryRow.Repository) => By(i => i.Repository),
            nameof(InventoryRow.Tag) => By(i => i.Tag),
            nameof(InventoryRow.Digest) => By(i => i.Digest),
            nameof(InventoryRow.Kind) => By(i => i.Role ?? i.Kind),
            nameof(InventoryRow.Platforms) => By(i => i.Platforms),
            nameof(InventoryRow.Size) => By(i => i.Size),
            nameof(InventoryRow.Problems) => By(i => i.Problems),
            nameof(InventoryRow.Attached) => By(i => i.Attached),
            _ => sorted,
        };
        return sorted is null ? rows.OrderBy(i => i.Position) : sorted.ThenBy(i => i.Position);

        IOrderedQueryable<ScanImageEntity> By<TKey>(System.Linq.Expressions.Expression<Func<ScanImageEntity, TKey>> key) =>
            sorted is null
                ? descending ? rows.OrderByDescending(key) : rows.OrderBy(key)
                : descending ? sorted.ThenByDescending(key) : sorted.ThenBy(key);
    }
}
