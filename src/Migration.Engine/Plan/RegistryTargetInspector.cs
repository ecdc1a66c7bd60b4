using Migration.Engine.Oci;
using Migration.Engine.Registry;

namespace Migration.Engine.Plan;

public sealed class RegistryTargetInspector(RegistryClient target) : ITargetInspector
{
    public Task<Digest?> GetDigestAsync(string repository, string reference, CancellationToken cancellationToken) =>
        target.HeadManifestAsync(repository, reference, cancellationToken);
}
