using System.Text.RegularExpressions;
using Migration.Engine.Inventory;
using Migration.Engine.Sources;
using Migration.Engine.Plan;

namespace Migration.Engine.Plan;

/// <summary>Turns an inventory, a filter and name rules into the list of images to copy or verify.</summary>
public static class ImageSelector
{
    /// <summary><see cref="Select"/>, then schema1 images converted to schema2 unless the filter says skip. Reads each
    /// schema1 image's layers once (see <see cref="Schema1Converter"/>).</summary>
    public static async Task<IReadOnlyList<MigrationItem>> SelectAsync(SourceInventory inventory, ImageFilter filter, NameMapper mapper,
        IImageSource source, CancellationToken cancellationToken)
        => await ConvertSchema1Async(Select(inventory, filter, mapper), filter, source, cancellationToken);

    public static IReadOnlyList<MigrationItem> Select(SourceInventory inventory, ImageFilter filter, NameMapper mapper)
    {
        var problems = inventory.Problems.Where(p => p.Repository is not null).ToLookup(p => p.Repository!);
        var items = inventory.Repositories.SelectMany(r => SelectFrom(r, problems[r.Name], filter, mapper)).ToList();
        return RefuseCollisions(items, Collisions(items.Select(i => i.SourceRepository).Distinct(), mapper));
    }

    /// <summary>One repository, as a streamed scan hands it over (its problems come with it). Two repositories that map
    /// onto one target are refused by <paramref name="collisions"/>, found beforehand from the names (<see cref="Collisions"/>).</summary>
    public static async Task<IReadOnlyList<MigrationItem>> SelectAsync(InventoryRepository repository, ImageFilter filter, NameMapper mapper,
        IReadOnlyDictionary<string, List<string>> collisions, IImageSource source, CancellationToken cancellationToken)
        => await ConvertSchema1Async(RefuseCollisions(SelectFrom(repository, repository.Problems, filter, mapper), collisions), filter, source,
            cancellationToken);

    private static async Task<IReadOnlyList<MigrationItem>> ConvertSchema1Async(IReadOnlyList<MigrationItem> items, ImageFilter filter, IImageSource source,
        CancellationToken cancellationToken) =>
        filter.Schema1 == Schema1Handling.Convert ? await new Schema1Converter(source).ConvertAsync(items, cancellationToken) : items;

    private static List<MigrationItem> SelectFrom(InventoryRepository repo, IEnumerable<InventoryProblem> repositoryProblems, ImageFilter filter, NameMapper mapper)
    {
        var items = new List<MigrationItem>();
        if (!filter.MatchesRepository(repo.Name)) return items;
        var tagRegex = filter.TagPattern is null ? null : new Regex($"^(?:{filter.TagPattern})$", RegexOptions.CultureInvariant);
        var problemsByImage = repositoryProblems.ToLookup(p => p.Reference ?? "", p => p.Message);
        var mapped = mapper.MapChecked(repo.Name);
        // Signatures and SBOMs of an image in the repository follow that image, not the tag filters (a signature must not
        // count among "the latest N"); one whose image is gone is an ordinary tag.
        var present = repo.Tags.Concat(repo.Untagged).Select(i => i.Digest).ToHashSet(StringComparer.Ordinal);
        IEnumerable<InventoryImage> tags = repo.Tags.Where(t => Referrers.SubjectOf(t) is not { } subject || !present.Contains(subject))
            .Where(t => tagRegex?.IsMatch(t.Tag!) ?? true)
            // A dangling tag is out of scope (the registry does not serve it) unless asked for; then it is an ordinary tag.
            .Where(t => !t.ProblemCodes.Contains(ProblemCodes.DanglingTag) || filter.IncludeDanglingTags)
            .Select(t => t.ProblemCodes.Contains(ProblemCodes.DanglingTag) ? t with { ProblemCodes = t.ProblemCodes.Where(c => c != ProblemCodes.DanglingTag).ToList() } : t);
        // Newest first by when the tag was written; sources that cannot tell (HTTP) fall back to the tag name.
        if (filter.Latest is { } latest)
            tags = tags.OrderByDescending(t => t.PushedAt ?? DateTimeOffset.MinValue).ThenByDescending(t => t.Tag, StringComparer.Ordinal).Take(latest);
        var images = Referrers.WithReferrers((filter.IncludeUntagged ? tags.Concat(repo.Untagged) : tags).ToList(), repo);
        foreach (var image in images)
        {
            var reference = image.Tag ?? image.Digest;
            var problems = problemsByImage[reference].ToList();
            // A schema1 image with nothing else wrong is converted after selection (SelectAsync), so it is not refused here.
            var convertible = filter.Schema1 == Schema1Handling.Convert && Schema1Converter.CanConvert(image);
            var error = mapped.Error
                ?? (image.IsCopyable || convertible ? null : problems.Count > 0 ? string.Join("; ", problems) : $"{repo.Name}:{reference} could not be read");
            items.Add(new MigrationItem(repo.Name, mapped.Target, image) { Error = error, Subject = Referrers.SubjectOf(image) });
        }
        return items;
    }

    /// <summary>Target repositories that more than one of <paramref name="sourceRepositories"/> would map onto, with those sources.</summary>
    public static IReadOnlyDictionary<string, List<string>> Collisions(IEnumerable<string> sourceRepositories, NameMapper mapper) =>
        sourceRepositories.Select(r => (Source: r, Target: mapper.MapChecked(r).Target)).GroupBy(p => p.Target)
            .Where(g => g.Select(p => p.Source).Distinct().Count() > 1)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Source).Distinct().Order(StringComparer.Ordinal).ToList());

    // Two source repositories mapped onto one target would overwrite each other's tags; refuse both rather than
    // let the last writer win silently.
    private static List<MigrationItem> RefuseCollisions(List<MigrationItem> items, IReadOnlyDictionary<string, List<string>> owners)
    {
        if (owners.Count == 0) return items;
        return items.Select(i => owners.TryGetValue(i.TargetRepository, out var sources)
            ? i with { Error = $"{string.Join(" and ", sources)} all map to '{i.TargetRepository}'; change the name mapping so each lands in its own repository" }
            : i).ToList();
    }
}
