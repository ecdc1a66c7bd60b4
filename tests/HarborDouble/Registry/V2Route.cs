namespace HarborDouble.Registry;

/// <summary>A `/v2/` path split into repository name and what is addressed under it. Names keep their literal slashes
/// (docs/harbor.md#repository-paths), so the last `/manifests/`, `/blobs/` … marks where the name ends.</summary>
internal sealed record V2Route(V2RouteKind Kind, string Name = "", string Reference = "")
{
    public bool IsRepository => Kind is not (V2RouteKind.Base or V2RouteKind.Catalog or V2RouteKind.Unknown);

    public string Project => Name.Split('/')[0];

    /// <summary>The name without the project, as immutable-tag messages and the artifact API use it.</summary>
    public string ShortName => Name.Contains('/') ? Name[(Name.IndexOf('/') + 1)..] : Name;

    public static V2Route Parse(PathString path)
    {
        var rest = path.Value?["/v2".Length..] ?? "";
        if (rest is "" or "/") return new V2Route(V2RouteKind.Base);
        if (rest is "/_catalog") return new V2Route(V2RouteKind.Catalog);
        if (rest.EndsWith("/tags/list", StringComparison.Ordinal)) return new V2Route(V2RouteKind.TagsList, rest[1..^"/tags/list".Length]);
        if (Split(rest, "/manifests/") is { } manifest) return new V2Route(V2RouteKind.Manifest, manifest.Name, manifest.Tail);
        if (Split(rest + "/", "/blobs/uploads/") is { } upload)
        {
            var session = upload.Tail.Trim('/');
            return session.Length == 0 ? new V2Route(V2RouteKind.UploadStart, upload.Name) : new V2Route(V2RouteKind.Upload, upload.Name, session);
        }
        if (Split(rest, "/blobs/") is { } blob) return new V2Route(V2RouteKind.Blob, blob.Name, blob.Tail);
        if (Split(rest, "/referrers/") is { } referrers) return new V2Route(V2RouteKind.Referrers, referrers.Name, referrers.Tail);
        return new V2Route(V2RouteKind.Unknown);
    }

    private static (string Name, string Tail)? Split(string rest, string marker)
    {
        var at = rest.LastIndexOf(marker, StringComparison.Ordinal);
        if (at <= 0) return null;
        return (rest[1..at], rest[(at + marker.Length)..]);
    }
}
