using Migration.Engine.Oci;

namespace Migration.Engine.Sources;

/// <summary>
/// Where images come from: a registry's storage folder (or a .tar of it) or a live registry's HTTP API.
/// Implementations are safe to call concurrently.
/// </summary>
public interface IImageSource : IDisposable
{
    /// <summary>What a person would call this source, without credentials.</summary>
    string Description { get; }

    /// <summary>Only the storage layout can list untagged manifests; the HTTP API has no call for it.</summary>
    bool CanListUntagged { get; }

    /// <summary>A blob lookup costs a request to a remote store (a bucket): a scan that is not deep skips them.</summary>
    bool BlobLookupsAreCostly => false;

    /// <summary>Problems with the source as a whole (a .tar cut short, a link out of the root), found while opening it.</summary>
    IReadOnlyList<string> Warnings { get; }

    Task<IReadOnlyList<string>> ListRepositoriesAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<SourceTag>> ListTagsAsync(string repository, CancellationToken cancellationToken);

    /// <summary>Every manifest revision in the repository, tagged or not. Empty when <see cref="CanListUntagged"/> is false.</summary>
    Task<IReadOnlyList<Digest>> ListManifestDigestsAsync(string repository, CancellationToken cancellationToken);

    /// <summary>Reads a manifest by tag or digest. Throws <see cref="SourceException"/> or <see cref="MalformedManifestException"/>.</summary>
    Task<ManifestDocument> GetManifestAsync(string repository, string reference, CancellationToken cancellationToken);

    /// <summary>The stored size of a blob, or null when it is missing.</summary>
    Task<long?> GetBlobSizeAsync(string repository, Digest digest, CancellationToken cancellationToken);

    /// <summary>A fresh stream of the blob's bytes from <paramref name="offset"/>. The caller disposes it.</summary>
    Task<Stream> OpenBlobAsync(string repository, Digest digest, long offset, CancellationToken cancellationToken);
}
