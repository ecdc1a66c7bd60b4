using Migration.Engine.Oci;

namespace Migration.Engine.Sources;

/// <summary>
/// One listing of a repository's <c>_manifests/</c> read as distribution wrote it: every tag with the time of its
/// <c>current/link</c> and every digest its <c>index/</c> records, and every revision. A tag whose index holds one
/// digest names that digest, so its link need not be read: in a bucket, where each read is a request, a scan then
/// costs a listing per repository and a read per manifest.
/// </summary>
internal sealed class ManifestListing
{
    public sealed class TagEntry
    {
        public DateTimeOffset? LinkedAt { get; set; }
        public List<Digest> Index { get; } = [];
    }

    public SortedDictionary<string, TagEntry> Tags { get; } = new(StringComparer.Ordinal);
    public HashSet<Digest> Revisions { get; } = [];

    public static ManifestListing Parse(IEnumerable<StorageListedFile> files)
    {
        var listing = new ManifestListing();
        foreach (var file in files)
        {
            var parts = file.Path.Split('/');
            switch (parts)
            {
                case ["tags", var tag, "current", "link"]:
                    listing.Tag(tag).LinkedAt = file.ModifiedAt;
                    break;
                case ["tags", var tag, "index", "sha256", var hex, "link"] when Digest.TryParse("sha256:" + hex, out var digest):
                    listing.Tag(tag).Index.Add(digest);
                    break;
                case ["revisions", "sha256", var hex, "link"] when Digest.TryParse("sha256:" + hex, out var digest):
                    listing.Revisions.Add(digest);
                    break;
            }
        }
        return listing;
    }

    private TagEntry Tag(string name)
    {
        if (!Tags.TryGetValue(name, out var entry)) Tags[name] = entry = new TagEntry();
        return entry;
    }
}
