using Migration.Engine.Oci;

namespace Migration.Engine.Plan;

/// <summary>Answers "which manifest does this tag (or digest) name on the target?". A plain registry answers with a
/// manifest HEAD; Harbor is asked through its artifact API, which pull policies cannot block
/// (docs/harbor.md#pull-policies).</summary>
public interface ITargetInspector
{
    /// <summary>The digest, or null when the target does not have it.</summary>
    Task<Digest?> GetDigestAsync(string repository, string reference, CancellationToken cancellationToken);

    /// <summary>Whether the target records <paramref name="referrer"/> as attached to <paramref name="subject"/> (a
    /// signature or SBOM of that image); null when the target has no way to say.</summary>
    Task<bool?> IsAttachedAsync(string repository, Digest subject, Digest referrer, CancellationToken cancellationToken);

    /// <summary>The whole repository in one listing, or null when the target offers none (a plain registry lists tags
    /// but not what they name); see <see cref="ListedTargetInspector"/>.</summary>
    Task<TargetListing?> ListAsync(string repository, CancellationToken cancellationToken) => Task.FromResult<TargetListing?>(null);
}
