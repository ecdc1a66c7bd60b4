namespace Migration.Engine.Inventory;

/// <summary>
/// What a scan found over the whole source, without the images themselves: the totals, the distinct blobs and the
/// problems. A streamed scan hands each repository to its caller and keeps only this, so its memory grows with the
/// number of distinct blobs, not with every manifest of every tag.
/// </summary>
public sealed class InventorySummary
{
    private readonly List<InventoryProblem> _problems = [];
    private int _repositories, _tags, _untagged, _manifests;
    private long _referencedBytes;

    public required string Source { get; init; }
    public required DateTimeOffset ScannedAt { get; init; }
    public bool Deep { get; init; }
    public bool UntaggedListed { get; init; }

    public BlobIndex Blobs { get; } = new();

    /// <summary>Sorted by repository, reference, code and message once the scan has ended.</summary>
    public IReadOnlyList<InventoryProblem> Problems => _problems;

    public InventoryTotals Totals => new(_repositories, _tags, _untagged, _manifests, Blobs.Count, _referencedBytes, Blobs.UniqueBytes, _problems.Count);

    internal void Add(InventoryRepository repository)
    {
        var number = _repositories++;
        _tags += repository.Tags.Count;
        _untagged += repository.Untagged.Count;
        foreach (var image in repository.Tags.Concat(repository.Untagged).DistinctBy(i => i.Digest))
        {
            _manifests += image.Manifests.Count;
            foreach (var blob in image.BlobDescriptors)
            {
                _referencedBytes += blob.Size;
                Blobs.Add(blob.Digest, blob.Size, number);
            }
        }
        _problems.AddRange(repository.Problems);
    }

    internal void AddProblems(IEnumerable<InventoryProblem> problems) => _problems.AddRange(problems);

    internal void Seal() => _problems.Sort(Comparer<InventoryProblem>.Create((a, b) =>
    {
        var c = string.CompareOrdinal(a.Repository, b.Repository);
        if (c == 0) c = string.CompareOrdinal(a.Reference, b.Reference);
        if (c == 0) c = string.CompareOrdinal(a.Code, b.Code);
        return c != 0 ? c : string.CompareOrdinal(a.Message, b.Message);
    }));

    /// <summary>The whole inventory in memory, for callers that hold every repository anyway.</summary>
    public SourceInventory ToInventory(IReadOnlyList<InventoryRepository> repositories) => new()
    {
        Source = Source, ScannedAt = ScannedAt, Deep = Deep, UntaggedListed = UntaggedListed, Totals = Totals,
        Repositories = repositories, Blobs = Blobs.Sorted().ToList(), Problems = Problems,
    };
}
