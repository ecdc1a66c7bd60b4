using Migration.Engine.Inventory;
using Migration.Engine.Plan;

namespace Web.Features.Inventory;

/// <summary>One line of the inventory grid: a tag, or an untagged manifest. Signatures, attestations and SBOMs stand
/// right under the image they describe, and the image says what it has (<see cref="Attached"/>).</summary>
public sealed record InventoryRow(string Repository, string Tag, bool IsTagged, string Digest, string Kind, string Platforms, long Size, string Problems,
    string Attached = "")
{
    public string ShortDigest => Digest.Length > 19 ? Digest[7..19] : Digest;

    // Inventories of finished scans are shared (InventoryCache), so their rows are too: one list per inventory, not per page.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SourceInventory, IReadOnlyList<InventoryRow>> Shared = new();

    public static IReadOnlyList<InventoryRow> From(SourceInventory inventory) => Shared.GetValue(inventory, Build);

    private static IReadOnlyList<InventoryRow> Build(SourceInventory inventory) => inventory.Repositories.SelectMany(RowsOf).ToList();

    private static IEnumerable<InventoryRow> RowsOf(InventoryRepository repository)
    {
        var images = repository.Tags.Select(t => (Image: t, Tagged: true)).Concat(repository.Untagged.Select(u => (Image: u, Tagged: false))).ToList();
        var referrers = images.Where(i => Referrers.SubjectOf(i.Image) is not null).ToLookup(i => Referrers.SubjectOf(i.Image)!, StringComparer.Ordinal);
        var digests = images.Select(i => i.Image.Digest).ToHashSet(StringComparer.Ordinal);
        foreach (var (image, tagged) in images.Where(i => Referrers.SubjectOf(i.Image) is not { } subject || !digests.Contains(subject)))
        {
            foreach (var row in WithReferrers(repository.Name, image, tagged, referrers, 0)) yield return row;
        }
    }

    // Schema1 alone does not stop a migration: it is converted unless the user turns that off.
    private static string Describe(string problem) => problem == ProblemCodes.Schema1 ? "schema1 — will be converted" : problem;

    private static IEnumerable<InventoryRow> WithReferrers(string repository, InventoryImage image, bool tagged,
        ILookup<string, (InventoryImage Image, bool Tagged)> referrers, int depth)
    {
        var attached = referrers[image.Digest].ToList();
        var kind = Referrers.SubjectOf(image) is { } subject && depth > 0 ? $"{Referrers.KindOf(image)} of {subject[7..19]}" : image.Kind;
        var label = tagged ? image.Tag! : "untagged";
        yield return new InventoryRow(repository, depth > 0 ? $"↳ {label}" : label, tagged, image.Digest, kind, string.Join(", ", image.Platforms), image.Size,
            string.Join(", ", image.ProblemCodes.Select(Describe)), string.Join(", ", attached.Select(a => Referrers.KindOf(a.Image)).Distinct().Select(k => $"{k} ✓")));
        // Depth-limited: content addressing rules out cycles, but a damaged storage folder should not hang the page.
        if (depth > 4) yield break;
        foreach (var (referrer, referrerTagged) in attached)
        {
            foreach (var row in WithReferrers(repository, referrer, referrerTagged, referrers, depth + 1)) yield return row;
        }
    }
}
