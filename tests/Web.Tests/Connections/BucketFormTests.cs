using Migration.Engine.Sources;
using Web.Features.Connections;

namespace Web.Tests.Connections;

/// <summary>The connection dialog's "Object storage" fields become one location the engine reads back the same.</summary>
public sealed class BucketFormTests
{
    [Fact]
    public void MinIo_KeepsEndpointAndPathStyle_AndReadsBack()
    {
        var form = new BucketForm { BucketAndPrefix = " my-bucket/registry ", Endpoint = "http://minio.lan:9000", PathStyle = true };

        var location = form.ToLocation();
        var parsed = S3Location.Parse(location);

        Assert.Equal("s3://my-bucket/registry?endpoint=http%3A%2F%2Fminio.lan%3A9000&path-style=true", location);
        Assert.Equal(("my-bucket", "registry", new Uri("http://minio.lan:9000"), true), (parsed.Bucket, parsed.Prefix, parsed.Endpoint, parsed.PathStyle));
    }

    [Fact]
    public void Aws_NeedsOnlyBucketAndRegion()
    {
        var location = new BucketForm { BucketAndPrefix = "s3://prod-registry", Region = "eu-west-1", PathStyle = false }.ToLocation();

        Assert.Equal("s3://prod-registry?region=eu-west-1", location);
        Assert.Equal("eu-west-1", S3Location.Parse(location).Region);
        Assert.Equal("Object storage", new ConnectionSummary(1, "b", Web.Data.ConnectionRole.Source, location, "AKIA", true, false).Kind);
    }
}
