using Migration.Engine.Inventory;
using Web.Data;

namespace Web.Features.Inventory;

/// <summary>One line of the inventory grid, as shown: a tag, or an untagged manifest. Signatures, attestations and
/// SBOMs stand right under the image they describe (↳), and the image says what it has (<see cref="Attached"/>).
/// <see cref="Tag"/> is the text the CSV export writes ("untagged" for a manifest without a tag); the grid shows an
/// untagged manifest as a chip instead, so it cannot be mistaken for a tag of that name.</summary>
public sealed record InventoryRow(string Repository, string Tag, bool IsTagged, string Digest, string Kind, string Platforms, long Size, string Problems,
    string Attached = "", bool IsReferrer = false)
{
    public string ShortDigest => Digest.Length > 19 ? Digest[7..19] : Digest;

    public static InventoryRow From(ScanImageEntity image)
    {
        var label = image.Tag ?? "untagged";
        return new InventoryRow(image.Repository, image.Depth > 0 ? $"↳ {label}" : label, image.Tag is not null, image.Digest, image.Role ?? image.Kind,
            image.Platforms, image.Size, string.Join(", ", image.Problems.Split(", ", StringSplitOptions.RemoveEmptyEntries).Select(Describe)), image.Attached,
            image.Depth > 0);
    }

    // Schema1 alone does not stop a migration: it is converted unless the user turns that off.
    private static string Describe(string problem) => problem == ProblemCodes.Schema1 ? "schema1 — will be converted" : problem;
}
