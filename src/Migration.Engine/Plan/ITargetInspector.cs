using Migration.Engine.Oci;

namespace Migration.Engine.Plan;

/// <summary>Answers "which manifest does this tag (or digest) name on the target?". A plain registry answers with a
/// manifest HEAD; Harbor is asked through its artifact API, which pull policies cannot block
/// (docs/harbor.md#pull-policies).</summary>
public interface ITargetInspector
{
    /// <summary>The digest, or null when the target does not have it.</summary>
    Task<Digest?> GetDigestAsync(string repository, string reference, CancellationToken cancellationToken);
}
