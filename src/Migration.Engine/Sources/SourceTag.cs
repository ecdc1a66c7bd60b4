using Migration.Engine.Oci;

namespace Migration.Engine.Sources;

/// <summary>A tag as listed. The storage layout knows the digest and when the tag was written without
/// reading the manifest; the HTTP API knows neither until the manifest is fetched.</summary>
public sealed record SourceTag(string Name, Digest? Digest = null, DateTimeOffset? PushedAt = null, string? LinkError = null)
{
    /// <summary>The tag names a manifest the repository no longer has (its revision link is gone, as an interrupted
    /// DELETE leaves it): the registry answers 404 for it, though the manifest's blob may remain.</summary>
    public bool Dangling { get; init; }
}
