using Engine.Tests.Cli;
using Engine.Tests.Fixtures;
using Migration.Engine.Inventory;
using Migration.Engine.Plan;
using Migration.Engine.Sources;
using Migration.Engine.Verify;
using Registry.Testing;

namespace Engine.Tests.Sources;

/// <summary>
/// A registry whose storage is a bucket, as production registries keep it: docker-registry's own s3 driver writes
/// the layout into an S3-compatible server on loopback, then the registry is stopped and the migration reads the
/// bucket alone.
/// </summary>
public sealed class S3SourceTests
{
    private const string Root = "/team-registry";

    [Fact]
    public async Task Bucket_WithNoRegistryRunning_ScansAndMigratesEverything()
    {
        await using var s3 = await S3Server.StartAsync();
        await using (var registry = await RegistryProcess.StartAsync(new RegistryProcessOptions { S3 = s3.Storage(Root) }))
        {
            using var pusher = new ImagePusher(registry.BaseUri);
            // Over the driver's 5 MiB chunk size: the layer goes up in a multipart upload, as big layers do.
            await pusher.PushImageAsync("team/app", "1.0", new ImageSpec([new LayerSpec(801, 7 << 20), new LayerSpec(802, 4096)]));
            await pusher.PushImageAsync("team/app", "1.1", new ImageSpec([new LayerSpec(801, 7 << 20), new LayerSpec(803, 4096)]));
            await pusher.PushImageAsync("nested/deep/tool", "latest", new ImageSpec([new LayerSpec(804, 2048)]));
            await pusher.PushImageAsync("team/app", null, new ImageSpec([new LayerSpec(805, 1024)]));
        }
        await using var target = await TargetRegistry.StartAsync();
        using var source = ImageSourceFactory.Open(Bucket(s3));

        var inventory = await new Scanner(source).ScanAsync(new ScanOptions(), null, CancellationToken.None);
        var requests = ((StorageImageSource)source).Requests;
        var report = await target.MigrateAsync(source, new Migration.Engine.Copy.CopyOptions { IncludeUntagged = true });

        Assert.Equal(3, inventory.Totals.Tags);
        Assert.Equal(1, inventory.Totals.Untagged);
        Assert.Empty(inventory.Problems);
        // Issue 15's budget is (repositories × 2 + tags + untagged) × 1.2, here (2 × 2 + 3 + 1) × 1.2 = 9.6. Spent: 1 to
        // find the layout, 6 to walk the folders down to team/app and nested/deep/tool (each level a listing), 2
        // listings of _manifests/ (one per repository), 4 manifests. Before the listings it was 82.
        Assert.InRange(requests!.Value, 1, 13);
        ReportAssert.NoFailures(report);
        Assert.Equal(4, report.Totals.ImagesCopied);
        // The 7 MiB layer two tags share went up once.
        Assert.Equal(1, target.Proxy.CommittedDigests[ImagePusher.Digest(SeededStream.Bytes(801, 7 << 20))]);
        using var client = target.Client();
        var items = await TargetRegistry.SelectAsync(source, new ImageFilter { IncludeUntagged = true });
        Assert.True((await new Verifier(client).VerifyAsync(items, default)).Passed);
    }

    [Fact]
    public async Task ThrottledStore_AndABlobDeletedBeforeTheCopy_TheRestGoesOn()
    {
        // Every 4th object GET is 503 SlowDown: retried, never an image's failure.
        await using var s3 = await S3Server.StartAsync(slowDownEvery: 4);
        await using (var registry = await RegistryProcess.StartAsync(new RegistryProcessOptions { S3 = s3.Storage(Root) }))
        {
            using var pusher = new ImagePusher(registry.BaseUri);
            await pusher.PushImageAsync("team/kept", "1", new ImageSpec([new LayerSpec(821, 4096)]));
            await pusher.PushImageAsync("team/kept", "2", new ImageSpec([new LayerSpec(822, 4096)]));
            await pusher.PushImageAsync("team/lost", "1", new ImageSpec([new LayerSpec(823, 4096)]));
        }
        // The layer only team/lost:1 has goes from the bucket, as a lifecycle rule or a person might remove it.
        var lost = ImagePusher.Digest(SeededStream.Bytes(823, 4096))["sha256:".Length..];
        using (var http = new HttpClient())
        {
            using var deleted = await http.DeleteAsync(new Uri(s3.Endpoint, $"{s3.Bucket}{Root}/docker/registry/v2/blobs/sha256/{lost[..2]}/{lost}/data"));
            Assert.True(deleted.IsSuccessStatusCode, $"{deleted.StatusCode}");
        }
        await using var target = await TargetRegistry.StartAsync();
        using var source = ImageSourceFactory.Open(Bucket(s3));

        var report = await target.MigrateAsync(source);

        Assert.True(s3.SlowDowns > 0, "the store never throttled");
        Assert.Equal((2, 1), (report.Totals.ImagesCopied, report.Totals.ImagesFailed));
        var failed = Assert.Single(report.Images, i => i.Status == Migration.Engine.Copy.ImageStatus.Failed);
        Assert.Equal("team/lost", failed.SourceRepository);
        Assert.Contains($"sha256:{lost}", failed.Error);
        Assert.Contains("missing", failed.Error);
    }

    [Fact]
    public async Task ConnectionDroppedMidBlob_GoesOnFromTheLastByte()
    {
        // The first whole GET of every object over 64 KiB is cut after 64 KiB.
        await using var s3 = await S3Server.StartAsync(cutAfterBytes: 64 * 1024);
        await using (var registry = await RegistryProcess.StartAsync(new RegistryProcessOptions { S3 = s3.Storage(Root) }))
        {
            using var pusher = new ImagePusher(registry.BaseUri);
            await pusher.PushImageAsync("team/big", "1", new ImageSpec([new LayerSpec(831, 3 << 20)]));
        }
        await using var target = await TargetRegistry.StartAsync();
        using var source = ImageSourceFactory.Open(Bucket(s3));

        var report = await target.MigrateAsync(source);

        ReportAssert.NoFailures(report);
        Assert.True(s3.Cuts >= 1, "nothing was cut");
        // Each cut read went on with a Range from where it stopped, not from byte 0.
        Assert.Equal(s3.Cuts, s3.Resumes);
        Assert.Equal(1, target.Proxy.CommittedDigests[ImagePusher.Digest(SeededStream.Bytes(831, 3 << 20))]);
    }

    [Fact]
    public async Task WrongBucketPrefixOrKey_SaysWhich()
    {
        await using var s3 = await S3Server.StartAsync();

        var noBucket = Assert.Throws<SourceException>(() => ImageSourceFactory.Open(Bucket(s3) with { Bucket = "missing" }));
        var wrongKey = Assert.Throws<SourceException>(() => ImageSourceFactory.Open(Bucket(s3) with { AccessKey = "AKIAWRONG" }));
        var noRegistry = Assert.Throws<SourceException>(() => ImageSourceFactory.Open(Bucket(s3) with { Prefix = "nothing-here" }));

        Assert.Contains("bucket 'missing' does not exist", noBucket.Message);
        Assert.Contains("refused the credentials (InvalidAccessKeyId", wrongKey.Message);
        Assert.Contains("AWS_ACCESS_KEY_ID", wrongKey.Message);
        Assert.Contains("s3://registry/nothing-here holds no registry storage", noRegistry.Message);
    }

    [Fact]
    public async Task Cli_ReadsTheBucket_WithEndpointAndPathStyle()
    {
        await using var s3 = await S3Server.StartAsync();
        await using (var registry = await RegistryProcess.StartAsync(new RegistryProcessOptions { S3 = s3.Storage(Root) }))
        {
            using var pusher = new ImagePusher(registry.BaseUri);
            await pusher.PushImageAsync("cli/app", "1", new ImageSpec([new LayerSpec(811, 2048)]));
        }
        var keys = new Dictionary<string, string> { ["AWS_ACCESS_KEY_ID"] = S3Server.AccessKey, ["AWS_SECRET_ACCESS_KEY"] = S3Server.SecretKey };

        var scan = await CliRunner.RunAsync(keys, "scan", "--source", $"s3://{s3.Bucket}{Root}", "--s3-endpoint", s3.Endpoint.ToString(), "--s3-path-style");

        Assert.True(scan.Code == 0, scan.Out + scan.Err);
        Assert.Contains("s3://registry/team-registry", scan.Out);
        Assert.Matches(@"tags\s+1\b", scan.Out);
        Assert.Matches(@"requests\s+[1-9][0-9]* to the object store", scan.Out);
    }

    private static S3Location Bucket(S3Server s3) => new(s3.Bucket, Root.TrimStart('/'))
    {
        Endpoint = s3.Endpoint, PathStyle = true, AccessKey = S3Server.AccessKey, SecretKey = S3Server.SecretKey,
    };
}
