using Migration.Engine.Oci;
using Migration.Engine.Registry;

namespace Migration.Engine.Plan;

public sealed class RegistryTargetInspector(RegistryClient target) : ITargetInspector
{
    public Task<Digest?> GetDigestAsync(string repository, string reference, CancellationToken cancellationToken) =>
        target.HeadManifestAsync(repository, reference, cancellationToken);

    /// <summary>Through the OCI 1.1 referrers API where the registry offers it (distribution 2.8 does not).</summary>
    public async Task<bool?> IsAttachedAsync(string repository, Digest subject, Digest referrer, CancellationToken cancellationToken) =>
        await target.GetReferrersAsync(repository, subject, cancellationToken) is { } referrers ? referrers.Contains(referrer) : null;
}
