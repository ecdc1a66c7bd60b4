using Migration.Engine.Oci;

namespace Migration.Engine.Sources;

/// <summary>
/// Paths inside Docker Distribution's storage (distribution registry/storage/paths.go), relative to
/// <c>&lt;rootdirectory&gt;/docker/registry/v2</c>:
/// <code>
/// blobs/sha256/&lt;hex[0:2]&gt;/&lt;hex&gt;/data                          every blob and every manifest, by content
/// repositories/&lt;name&gt;/                                         &lt;name&gt; may have any number of '/' parts
///     _manifests/tags/&lt;tag&gt;/current/link                       "sha256:&lt;hex&gt;" of the tagged manifest
///     _manifests/tags/&lt;tag&gt;/index/sha256/&lt;hex&gt;/link            every digest the tag has pointed at
///     _manifests/revisions/sha256/&lt;hex&gt;/link                  every manifest in the repository, tagged or not
///     _layers/sha256/&lt;hex&gt;/link                               blobs linked into the repository
///     _uploads/&lt;uuid&gt;/...                                     uploads in progress (ignored)
/// </code>
/// A repository is any folder under <c>repositories/</c> that holds <c>_manifests</c>; folders starting
/// with '_' are the registry's own and never part of a name.
/// </summary>
public static class StorageLayout
{
    public const string Repositories = "repositories";

    public static string Blob(Digest digest) => $"blobs/sha256/{digest.Hex[..2]}/{digest.Hex}/data";

    public static string Manifests(string repository) => $"{Repositories}/{repository}/_manifests";

    public static string Tags(string repository) => $"{Manifests(repository)}/tags";

    public static string TagLink(string repository, string tag) => $"{Tags(repository)}/{tag}/current/link";

    public static string Revisions(string repository) => $"{Manifests(repository)}/revisions/sha256";

    public static string RevisionLink(string repository, string hex) => $"{Revisions(repository)}/{hex}/link";
}
