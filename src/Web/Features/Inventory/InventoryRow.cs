using Migration.Engine.Inventory;

namespace Web.Features.Inventory;

/// <summary>One line of the inventory grid: a tag, or an untagged manifest.</summary>
public sealed record InventoryRow(string Repository, string Tag, bool IsTagged, string Digest, string Kind, string Platforms, long Size, string Problems)
{
    public string ShortDigest => Digest.Length > 19 ? Digest[7..19] : Digest;

    public static IReadOnlyList<InventoryRow> From(SourceInventory inventory) =>
        inventory.Repositories.SelectMany(r => r.Tags.Select(t => Row(r.Name, t, true)).Concat(r.Untagged.Select(u => Row(r.Name, u, false)))).ToList();

    private static InventoryRow Row(string repository, InventoryImage image, bool tagged) =>
        new(repository, tagged ? image.Tag! : "untagged", tagged, image.Digest, image.Kind, string.Join(", ", image.Platforms), image.Size,
            string.Join(", ", image.ProblemCodes));
}
