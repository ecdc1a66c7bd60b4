namespace Migration.Engine.Sources;

/// <summary>
/// A registry's storage in a bucket: <c>s3://bucket/prefix</c>, the prefix being distribution's <c>rootdirectory</c>
/// (under which <c>docker/registry/v2/</c> lives). Endpoint, region and path-style addressing for S3-compatible stores
/// (MinIO, Ceph RGW, …); the keys come from the usual environment (<c>AWS_ACCESS_KEY_ID</c>, <c>AWS_SECRET_ACCESS_KEY</c>,
/// <c>AWS_SESSION_TOKEN</c>) unless given.
/// </summary>
public sealed record S3Location(string Bucket, string Prefix)
{
    public Uri? Endpoint { get; init; }
    public string Region { get; init; } = "us-east-1";
    /// <summary><c>endpoint/bucket/key</c> instead of <c>bucket.endpoint/key</c>: what most S3-compatible stores need.</summary>
    public bool PathStyle { get; init; }
    public string? AccessKey { get; init; }
    public string? SecretKey { get; init; }
    public string? SessionToken { get; init; }

    public static bool IsS3(string location) => location.StartsWith("s3://", StringComparison.OrdinalIgnoreCase);

    /// <summary>"s3://bucket" or "s3://bucket/some/prefix", optionally with <c>?endpoint=URL&amp;region=R&amp;path-style=true</c>
    /// (how the dashboard keeps a connection's options in its location); keys from the environment.</summary>
    public static S3Location Parse(string location)
    {
        if (!IsS3(location)) throw new SourceException($"'{location}' is not an s3://bucket/prefix location");
        var q = location.IndexOf('?');
        var query = q >= 0 ? location[(q + 1)..] : "";
        var rest = location["s3://".Length..(q >= 0 ? q : location.Length)].Trim('/');
        var slash = rest.IndexOf('/');
        var bucket = slash < 0 ? rest : rest[..slash];
        if (bucket.Length == 0) throw new SourceException($"'{location}' names no bucket: write s3://bucket/prefix");
        var options = query.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => p.Length > 1 ? Uri.UnescapeDataString(p[1]) : "true", StringComparer.OrdinalIgnoreCase);
        foreach (var unknown in options.Keys.Except(["endpoint", "region", "path-style"], StringComparer.OrdinalIgnoreCase))
            throw new SourceException($"'{location}': unknown option '{unknown}' (known: endpoint, region, path-style)");
        Uri? endpoint = null;
        if (options.TryGetValue("endpoint", out var url) && !Uri.TryCreate(url, UriKind.Absolute, out endpoint))
            throw new SourceException($"'{location}': endpoint '{url}' is not a URL such as https://minio.example.com:9000");
        return new S3Location(bucket, slash < 0 ? "" : rest[(slash + 1)..])
        {
            Endpoint = endpoint,
            Region = options.GetValueOrDefault("region") ?? "us-east-1",
            PathStyle = options.TryGetValue("path-style", out var pathStyle) && pathStyle.Equals("true", StringComparison.OrdinalIgnoreCase),
            AccessKey = Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID"),
            SecretKey = Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY"),
            SessionToken = Environment.GetEnvironmentVariable("AWS_SESSION_TOKEN"),
        };
    }

    /// <summary>The bucket and prefix only: what pages and share views may show (never keys).</summary>
    public override string ToString() => $"s3://{Bucket}{(Prefix.Length == 0 ? "" : "/" + Prefix)}";
}
