using System.Text;
using Migration.Engine.Oci;

namespace Migration.Engine.Sources;

/// <summary>Reads images straight from a registry's storage (see <see cref="StorageLayout"/>); no registry needs to run.</summary>
public sealed class StorageImageSource(StorageFiles files) : IImageSource
{
    /// <summary>Requests made to the store so far (a bucket); null for a folder or a .tar.</summary>
    public long? Requests => files.Requests;

    public string Description => files.Description;

    /// <summary>In a bucket every blob lookup is a request: the scan trusts the manifests' sizes unless it is deep, and
    /// a missing blob is then named by the copy.</summary>
    public bool BlobLookupsAreCostly => files.Requests is not null;

    // A repository's listing, kept from its tags to its revisions (the scanner asks for both, one after the other).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ManifestListing> _listings = new(StringComparer.Ordinal);

    public bool CanListUntagged => true;

    public IReadOnlyList<string> Warnings => files.Warnings;

    public Task<IReadOnlyList<string>> ListRepositoriesAsync(CancellationToken cancellationToken)
    {
        var found = new List<string>();
        Walk("", found, cancellationToken);
        found.Sort(StringComparer.Ordinal);
        return Task.FromResult<IReadOnlyList<string>>(found);
    }

    public Task<IReadOnlyList<SourceTag>> ListTagsAsync(string repository, CancellationToken cancellationToken)
    {
        if (files.ListFiles(StorageLayout.Manifests(repository)) is { } listed)
            return Task.FromResult(TagsOf(repository, _listings[repository] = ManifestListing.Parse(listed)));
        var tags = new List<SourceTag>();
        foreach (var tag in files.ListDirectories(StorageLayout.Tags(repository)).Order(StringComparer.Ordinal))
        {
            var linkPath = StorageLayout.TagLink(repository, tag);
            var (digest, error) = TryReadLink(linkPath);
            tags.Add(new SourceTag(tag, digest, files.Stat(linkPath)?.ModifiedAt, error is null ? null : $"tag '{tag}': {error}")
            {
                // Read as distribution does: a tag serves only a manifest the repository still links (docs/distribution.md#storage-layout).
                Dangling = digest is { } d && files.Stat(StorageLayout.RevisionLink(repository, d.Hex)) is null,
            });
        }
        return Task.FromResult<IReadOnlyList<SourceTag>>(tags);
    }

    public Task<IReadOnlyList<Digest>> ListManifestDigestsAsync(string repository, CancellationToken cancellationToken)
    {
        var listing = _listings.TryRemove(repository, out var kept) ? kept
            : files.ListFiles(StorageLayout.Manifests(repository)) is { } listed ? ManifestListing.Parse(listed) : null;
        if (listing is not null) return Task.FromResult<IReadOnlyList<Digest>>(listing.Revisions.ToList());
        var digests = new List<Digest>();
        foreach (var hex in files.ListDirectories(StorageLayout.Revisions(repository)))
        {
            // The folder name and the link must agree; a revision whose link is gone was deleted by the registry.
            var (digest, _) = TryReadLink(StorageLayout.RevisionLink(repository, hex));
            if (digest is { } d && d.Hex == hex) digests.Add(d);
        }
        return Task.FromResult<IReadOnlyList<Digest>>(digests);
    }

    public Task<ManifestDocument> GetManifestAsync(string repository, string reference, CancellationToken cancellationToken)
    {
        Digest digest;
        if (Digest.TryParse(reference, out var parsed))
        {
            digest = parsed;
        }
        else
        {
            var (linked, error) = ReadLink(StorageLayout.TagLink(repository, reference));
            digest = linked ?? throw new BrokenLinkException($"{repository}:{reference}: {error}");
        }
        return Task.FromResult(LoadManifest(repository, digest));
    }

    public Task<long?> GetBlobSizeAsync(string repository, Digest digest, CancellationToken cancellationToken) =>
        Task.FromResult(files.Stat(StorageLayout.Blob(digest))?.Length);

    public Task<Stream> OpenBlobAsync(string repository, Digest digest, long offset, CancellationToken cancellationToken)
    {
        try
        {
            return Task.FromResult(files.OpenRead(StorageLayout.Blob(digest), offset));
        }
        catch (SourceNotFoundException)
        {
            throw new SourceNotFoundException($"blob {digest} is missing from the storage (no {StorageLayout.Blob(digest)})");
        }
        catch (SourceException ex)
        {
            throw new SourceException($"blob {digest}: {ex.Message}", ex);
        }
    }

    public void Dispose() => files.Dispose();

    private IReadOnlyList<SourceTag> TagsOf(string repository, ManifestListing listing) => listing.Tags.Select(pair =>
    {
        var (tag, entry) = (pair.Key, pair.Value);
        if (entry.LinkedAt is null)
            return new SourceTag(tag, null, null, $"tag '{tag}': broken link: {StorageLayout.TagLink(repository, tag)} is missing");
        // One digest in the index is the one the tag names; a tag that moved has its link read.
        var (digest, error) = entry.Index.Count == 1 ? (entry.Index[0], null) : TryReadLink(StorageLayout.TagLink(repository, tag));
        return new SourceTag(tag, digest, entry.LinkedAt, error is null ? null : $"tag '{tag}': {error}")
        {
            Dangling = digest is { } d && !listing.Revisions.Contains(d),
        };
    }).ToList();

    private ManifestDocument LoadManifest(string repository, Digest digest)
    {
        var bytes = files.ReadSmallFile(StorageLayout.Blob(digest))
            ?? throw new SourceNotFoundException($"manifest {digest} is linked in '{repository}' but its blob is missing from the storage");
        var actual = Digest.Compute(bytes);
        if (actual != digest)
            throw new MalformedManifestException($"manifest {digest} is corrupt: its stored bytes hash to {actual}");
        // Not cached: a cache of every manifest is what made a scan's memory grow with the registry, and reading a
        // small file the page cache holds costs less than keeping it.
        return ManifestDocument.Parse(bytes, digest, null);
    }

    // A link that cannot be read at all (permissions, I/O) does not fail the listing: the tag is listed without a
    // digest, and reading its manifest then reports the reason against that one image.
    private (Digest? Digest, string? Error) TryReadLink(string path)
    {
        try
        {
            return ReadLink(path);
        }
        catch (SourceException)
        {
            return (null, null);
        }
    }

    private (Digest? Digest, string? Error) ReadLink(string path)
    {
        var bytes = files.ReadSmallFile(path);
        if (bytes is null) return (null, $"broken link: {path} is missing");
        var text = Encoding.UTF8.GetString(bytes);
        return Digest.TryParse(text, out var digest)
            ? (digest, null)
            : (null, $"broken link: {path} holds '{Shorten(text)}', not a sha256 digest");
    }

    private void Walk(string relative, List<string> found, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var path = relative.Length == 0 ? StorageLayout.Repositories : $"{StorageLayout.Repositories}/{relative}";
        foreach (var child in files.ListDirectories(path))
        {
            if (child == "_manifests")
            {
                found.Add(relative);
                continue;
            }
            if (child.StartsWith('_')) continue;
            Walk(relative.Length == 0 ? child : $"{relative}/{child}", found, cancellationToken);
        }
    }

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "…" : text.Trim();
}
