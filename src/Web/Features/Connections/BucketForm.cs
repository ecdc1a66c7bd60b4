using Migration.Engine.Sources;

namespace Web.Features.Connections;

/// <summary>The connection dialog's "Object storage" fields, kept as one location
/// (<c>s3://bucket/rootdirectory?endpoint=…&amp;region=…&amp;path-style=true</c>) beside the keys in user and password.</summary>
public sealed class BucketForm
{
    /// <summary>The bucket and the registry's rootdirectory in it: <c>my-bucket/registry</c>.</summary>
    public string BucketAndPrefix { get; set; } = "";
    /// <summary>Empty for AWS itself; the store's URL for MinIO, Ceph RGW and the like.</summary>
    public string? Endpoint { get; set; }
    public string Region { get; set; } = "us-east-1";
    /// <summary>Most S3-compatible stores need <c>endpoint/bucket/key</c> addressing.</summary>
    public bool PathStyle { get; set; } = true;

    public string ToLocation()
    {
        var options = new List<string>();
        if (!string.IsNullOrWhiteSpace(Endpoint)) options.Add("endpoint=" + Uri.EscapeDataString(Endpoint.Trim()));
        if (!string.IsNullOrWhiteSpace(Region) && Region.Trim() != "us-east-1") options.Add("region=" + Uri.EscapeDataString(Region.Trim()));
        if (PathStyle) options.Add("path-style=true");
        var location = "s3://" + BucketAndPrefix.Trim().TrimStart('/').Replace("s3://", "", StringComparison.OrdinalIgnoreCase);
        return options.Count == 0 ? location : $"{location}?{string.Join('&', options)}";
    }
}
