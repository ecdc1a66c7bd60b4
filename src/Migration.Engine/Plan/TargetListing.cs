using Migration.Engine.Oci;

namespace Migration.Engine.Plan;

/// <summary>A whole target repository from one listing: what each tag names, every manifest it holds (index children
/// included) and what is attached to each (signatures, SBOMs).</summary>
public sealed record TargetListing(
    IReadOnlyDictionary<string, Digest> Tags,
    IReadOnlySet<Digest> Manifests,
    IReadOnlyDictionary<Digest, IReadOnlySet<Digest>> Attached)
{
    public Digest? Find(string reference) =>
        Digest.TryParse(reference, out var digest) ? (Manifests.Contains(digest) ? digest : null)
        : Tags.TryGetValue(reference, out var tagged) ? tagged : null;

    public bool IsAttached(Digest subject, Digest referrer) => Attached.TryGetValue(subject, out var referrers) && referrers.Contains(referrer);
}
