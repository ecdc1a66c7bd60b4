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

    /// <summary>"s3://bucket" or "s3://bucket/some/prefix"; keys from the environment.</summary>
    public static S3Location Parse(string location)
    {
        if (!IsS3(location)) throw new SourceException($"'{location}' is not an s3://bucket/prefix location");
        var rest = location["s3://".Length..].Trim('/');
        var slash = rest.IndexOf('/');
        var bucket = slash < 0 ? rest : rest[..slash];
        if (bucket.Length == 0) throw new SourceException($"'{location}' names no bucket: write s3://bucket/prefix");
        return new S3Location(bucket, slash < 0 ? "" : rest[(slash + 1)..])
        {
            AccessKey = Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID"),
            SecretKey = Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY"),
            SessionToken = Environment.GetEnvironmentVariable("AWS_SESSION_TOKEN"),
        };
    }

    /// <summary>The bucket and prefix only: what pages and share views may show (never keys).</summary>
    public override string ToString() => $"s3://{Bucket}{(Prefix.Length == 0 ? "" : "/" + Prefix)}";
}
