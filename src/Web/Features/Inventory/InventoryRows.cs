using Migration.Engine.Inventory;
using Migration.Engine.Plan;
using Web.Data;

namespace Web.Features.Inventory;

/// <summary>Turns a scanned repository into the rows the database keeps, in reading order: each image, then what
/// describes it (signatures, attestations, SBOMs) right under it.</summary>
public static class InventoryRows
{
    // Depth-limited: content addressing rules out cycles, but a damaged storage folder should not hang the scan.
    private const int MaxDepth = 5;

    public static IEnumerable<ScanImageEntity> Of(InventoryRepository repository)
    {
        var images = repository.Tags.Select(t => (Image: t, Tagged: true)).Concat(repository.Untagged.Select(u => (Image: u, Tagged: false))).ToList();
        var referrers = images.Where(i => Referrers.SubjectOf(i.Image) is not null).ToLookup(i => Referrers.SubjectOf(i.Image)!, i => i.Image, StringComparer.Ordinal);
        var digests = images.Select(i => i.Image.Digest).ToHashSet(StringComparer.Ordinal);
        foreach (var (image, _) in images.Where(i => Referrers.SubjectOf(i.Image) is not { } subject || !digests.Contains(subject)))
        {
            foreach (var row in WithReferrers(repository.Name, image, referrers, 0)) yield return row;
        }
    }

    private static IEnumerable<ScanImageEntity> WithReferrers(string repository, InventoryImage image, ILookup<string, InventoryImage> referrers, int depth)
    {
        var attached = referrers[image.Digest].ToList();
        yield return new ScanImageEntity
        {
            Repository = repository,
            Tag = image.Tag,
            Depth = depth,
            Digest = image.Digest,
            MediaType = image.MediaType,
            Kind = image.Kind,
            Role = Referrers.SubjectOf(image) is { Length: >= 19 } subject && depth > 0 ? $"{Referrers.KindOf(image)} of {subject[7..19]}" : null,
            Platforms = string.Join(", ", image.Platforms),
            Size = image.Size,
            PushedAt = image.PushedAt,
            Problems = string.Join(", ", image.ProblemCodes),
            Attached = string.Join(", ", attached.Select(Referrers.KindOf).Distinct().Select(k => $"{k} ✓")),
            Subject = image.Subject,
            ArtifactType = image.ArtifactType,
            ConvertedFrom = image.ConvertedFrom,
        };
        if (depth >= MaxDepth) yield break;
        foreach (var referrer in attached)
        {
            foreach (var row in WithReferrers(repository, referrer, referrers, depth + 1)) yield return row;
        }
    }

    /// <summary>The image back in the inventory's JSON form (docs/json.md), for exports.</summary>
    public static InventoryImage ToImage(ScanImageEntity row) => new()
    {
        Tag = row.Tag,
        Digest = row.Digest,
        MediaType = row.MediaType,
        Kind = row.Kind,
        Platforms = row.Platforms.Split(", ", StringSplitOptions.RemoveEmptyEntries),
        Size = row.Size,
        PushedAt = row.PushedAt,
        ProblemCodes = row.Problems.Split(", ", StringSplitOptions.RemoveEmptyEntries),
        Subject = row.Subject,
        ArtifactType = row.ArtifactType,
        ConvertedFrom = row.ConvertedFrom,
    };
}
