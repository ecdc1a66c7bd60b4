using System.Net;
using Migration.Engine.Oci;
using Migration.Engine.Registry;

using Migration.Engine.Harbor;

namespace Migration.Engine.Plan;

/// <summary>
/// Looks tags up through Harbor's artifact API, which pull policies (content trust, vulnerability prevention) cannot
/// block, and then through <c>/v2/</c> as well, where such a policy answers 412 (docs/harbor.md#pull-policies).
/// A 412 there is expected and ignored; a different digest there is reported as the target's digest.
/// </summary>
public sealed class HarborTargetInspector(HarborClient harbor, RegistryClient registry) : ITargetInspector
{
    public async Task<Digest?> GetDigestAsync(string repository, string reference, CancellationToken cancellationToken)
    {
        var artifact = await harbor.GetArtifactAsync(repository, reference, cancellationToken);
        if (artifact is null || !Digest.TryParse(artifact.Digest, out var digest)) return null;
        try
        {
            var served = await registry.HeadManifestAsync(repository, reference, cancellationToken);
            return served ?? digest;
        }
        catch (RegistryException ex) when (ex.Status is HttpStatusCode.PreconditionFailed)
        {
            return digest;
        }
    }

    /// <summary>One paged artifact listing: tags, index children (<c>q=base=*</c>) and accessories. A repository Harbor
    /// does not know lists as empty.</summary>
    public async Task<TargetListing?> ListAsync(string repository, CancellationToken cancellationToken)
    {
        var artifacts = await harbor.ListArtifactsAsync(repository, cancellationToken, withAccessories: true);
        var tags = new Dictionary<string, Digest>(StringComparer.Ordinal);
        var manifests = new HashSet<Digest>();
        var attached = new Dictionary<Digest, IReadOnlySet<Digest>>();
        foreach (var artifact in artifacts)
        {
            if (!Digest.TryParse(artifact.Digest, out var digest)) continue;
            manifests.Add(digest);
            foreach (var tag in artifact.Tags ?? []) tags[tag.Name] = digest;
            var accessories = (artifact.Accessories ?? []).Select(a => Digest.TryParse(a.Digest, out var d) ? d : (Digest?)null).OfType<Digest>().ToHashSet();
            if (accessories.Count == 0) continue;
            attached[digest] = accessories;
            manifests.UnionWith(accessories);
        }
        return new TargetListing(tags, manifests, attached);
    }

    /// <summary>Harbor records signatures and <c>subject</c> manifests as accessories of their image
    /// (docs/harbor.md#manifest-pushes); a referrer pushed before its image would stay a loose artifact.</summary>
    public async Task<bool?> IsAttachedAsync(string repository, Digest subject, Digest referrer, CancellationToken cancellationToken) =>
        (await harbor.GetArtifactAsync(repository, subject.ToString(), cancellationToken))?.Accessories?.Any(a => a.Digest == referrer.ToString()) ?? false;
}
