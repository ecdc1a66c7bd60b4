using System.Text.RegularExpressions;
using Migration.Engine.Inventory;

namespace Migration.Engine.Plan;

/// <summary>
/// Signatures, attestations and SBOMs belong to the image they describe: cosign's <c>sha256-&lt;hex&gt;.sig|.att|.sbom</c>
/// tags, and OCI 1.1 manifests with a <c>subject</c> (often untagged, as <c>oras attach</c> pushes them). They travel
/// with their subject whatever the filters say (an SBOM without its image is useless, an image without its signature
/// fails admission policies), and are pushed after it, so Harbor records them as accessories (docs/harbor.md#manifest-pushes).
/// </summary>
public static partial class Referrers
{
    [GeneratedRegex("^sha256-([a-f0-9]{64})\\.(sig|att|sbom)$", RegexOptions.CultureInvariant)]
    private static partial Regex CosignTag();

    /// <summary>The digest of the image this one describes, or null when it describes none.</summary>
    public static string? SubjectOf(InventoryImage image) =>
        image.Subject ?? image.Root?.Subject?.Digest.ToString()
        ?? (image.Tag is { } tag && CosignTag().Match(tag) is { Success: true } match ? "sha256:" + match.Groups[1].Value : null);

    /// <summary>What a referrer is, in a word people use: signature, attestation, SBOM, or referrer.</summary>
    public static string KindOf(InventoryImage image)
    {
        if (image.Tag is { } tag && CosignTag().Match(tag) is { Success: true } match)
            return match.Groups[2].Value switch { "sig" => "signature", "att" => "attestation", _ => "SBOM" };
        var type = image.ArtifactType ?? "";
        if (type.Contains("spdx", StringComparison.OrdinalIgnoreCase) || type.Contains("cyclonedx", StringComparison.OrdinalIgnoreCase)
            || type.Contains("sbom", StringComparison.OrdinalIgnoreCase)) return "SBOM";
        if (type.Contains("signature", StringComparison.OrdinalIgnoreCase) || type.Contains(".sig", StringComparison.OrdinalIgnoreCase)) return "signature";
        if (type.Contains("in-toto", StringComparison.OrdinalIgnoreCase) || type.Contains("attestation", StringComparison.OrdinalIgnoreCase)) return "attestation";
        return "referrer";
    }

    /// <summary>The selected images plus every referrer of them (and of those) the repository holds.</summary>
    public static IReadOnlyList<InventoryImage> WithReferrers(IReadOnlyList<InventoryImage> selected, InventoryRepository repository)
    {
        var result = selected.ToList();
        var digests = result.Select(i => i.Digest).ToHashSet(StringComparer.Ordinal);
        var taken = result.Select(i => (i.Tag, i.Digest)).ToHashSet();
        var candidates = repository.Tags.Concat(repository.Untagged).Where(i => SubjectOf(i) is not null).ToList();
        for (var added = true; added;)
        {
            added = false;
            foreach (var referrer in candidates.Where(c => digests.Contains(SubjectOf(c)!) && !taken.Contains((c.Tag, c.Digest))))
            {
                result.Add(referrer);
                taken.Add((referrer.Tag, referrer.Digest));
                added |= digests.Add(referrer.Digest);
            }
        }
        return result;
    }
}
