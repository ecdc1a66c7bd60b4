using Engine.Tests.Fixtures;
using Migration.Engine.Copy;
using Migration.Engine.Sources;
using Migration.Engine.Verify;
using Migration.Engine.Plan;
using Migration.Engine.Run;

namespace Engine.Tests.Copy;

[Collection(SourceRegistryCollection.Name)]
public sealed class MigrationTests(SourceRegistryFixture source)
{
    [Fact]
    public async Task Migrate_StorageFolder_CopiesEveryTagAndVerifies()
    {
        await using var target = await TargetRegistry.StartAsync();
        using var storage = ImageSourceFactory.Open(source.StorageRoot);

        var report = await target.MigrateAsync(storage);

        ReportAssert.NoFailures(report);
        ReportAssert.AllCopied(report, StandardDataset.TagCount);
        Assert.Equal(0, report.Totals.ImagesFailed);
        using var client = target.Client();
        var items = await TargetRegistry.SelectAsync(storage, new ImageFilter(), new());
        var verification = await new Verifier(client).VerifyAsync(items, CancellationToken.None);
        Assert.True(verification.Passed, string.Join("\n", verification.Problems.Select(p => p.Detail)));
        Assert.Equal(StandardDataset.TagCount, verification.Matched);
        Assert.Equal(source.Data.MultiArch.Digest, (await client.HeadManifestAsync("multi/arch", "1.0", default))?.ToString());
        // Single-component names land in the default namespace.
        Assert.Equal(source.Data.AlpineLatest.Digest, (await client.HeadManifestAsync("library/alpine", "3.19", default))?.ToString());
    }

    [Fact]
    public async Task Copy_SharedLayer_UploadsOnceAndMountsElsewhere()
    {
        await using var target = await TargetRegistry.StartAsync();
        using var storage = ImageSourceFactory.Open(source.StorageRoot);

        var report = await target.MigrateAsync(storage);

        var committed = target.Proxy.CommittedDigests;
        Assert.All(committed, pair => Assert.Equal(1, pair.Value));
        var baseLayer = Migration.Engine.Oci.Digest.Compute(global::Registry.Testing.SeededStream.Bytes(StandardDataset.BaseLayer.Seed, (int)StandardDataset.BaseLayer.Size));
        Assert.Equal(1, committed[baseLayer.ToString()]);
        // The base layer is in library/alpine, team-a/app and multi/arch: one upload, two mounts at least.
        Assert.True(target.Proxy.Mounts >= 2, $"mounts: {target.Proxy.Mounts}");
        Assert.Equal(report.Totals.BlobsMounted, target.Proxy.Mounts);
        Assert.Equal(report.Totals.BytesUploaded, target.Proxy.UploadedBytes);
        Assert.Equal(report.Plan.BytesToUpload, report.Totals.BytesUploaded);
    }

    [Fact]
    public async Task Migrate_RunTwice_SecondRunUploadsNothing()
    {
        await using var target = await TargetRegistry.StartAsync();
        using var storage = ImageSourceFactory.Open(source.StorageRoot);
        await target.MigrateAsync(storage, new CopyOptions { IncludeUntagged = true });
        target.Proxy.Reset();

        var again = await target.MigrateAsync(storage, new CopyOptions { IncludeUntagged = true });

        Assert.Equal(StandardDataset.TagCount + StandardDataset.UntaggedCount, again.Totals.ImagesAlreadyPresent);
        Assert.Equal(0, again.Totals.BytesUploaded);
        Assert.Equal(0, target.Proxy.UploadedBytes);
        Assert.DoesNotContain(target.Proxy.Requests, r => r.Method is "PUT" or "PATCH" or "POST");
    }

    [Fact]
    public async Task Migrate_IncludeUntagged_PushesUntaggedManifestsByDigest()
    {
        await using var target = await TargetRegistry.StartAsync();
        using var storage = ImageSourceFactory.Open(source.StorageRoot);

        var report = await target.MigrateAsync(storage, new CopyOptions { IncludeUntagged = true });

        ReportAssert.NoFailures(report);
        Assert.Equal(StandardDataset.TagCount + StandardDataset.UntaggedCount, report.Totals.ImagesCopied);
        using var client = target.Client();
        Assert.NotNull(await client.HeadManifestAsync("team-a/app", source.Data.AppUntagged.Digest, default));
        Assert.NotNull(await client.HeadManifestAsync("team-a/app", source.Data.AppRetaggedAway.Digest, default));
    }

    [Fact]
    public async Task Migrate_HttpSource_CopiesEveryTag()
    {
        await using var target = await TargetRegistry.StartAsync();
        using var http = ImageSourceFactory.Open(source.Registry.BaseUri.ToString());

        var report = await target.MigrateAsync(http);

        ReportAssert.AllCopied(report, StandardDataset.TagCount);
        Assert.Equal(0, report.Totals.ImagesFailed);
        Assert.All(target.Proxy.CommittedDigests, pair => Assert.Equal(1, pair.Value));
    }

    [Fact]
    public async Task Verify_TagDeletedOnTarget_IsReportedMissing()
    {
        await using var target = await TargetRegistry.StartAsync();
        using var storage = ImageSourceFactory.Open(source.StorageRoot);
        await target.MigrateAsync(storage);
        using var client = target.Client();
        // Deleting by digest removes every tag pointing at it: alpine:latest and alpine:3.19.
        using (var http = new HttpClient())
        {
            var response = await http.DeleteAsync(new Uri(target.Registry.BaseUri, $"v2/library/alpine/manifests/{source.Data.AlpineLatest.Digest}"));
            Assert.True(response.IsSuccessStatusCode, $"delete: {(int)response.StatusCode}");
        }

        var items = await TargetRegistry.SelectAsync(storage, new ImageFilter(), new());
        var verification = await new Verifier(client).VerifyAsync(items, CancellationToken.None);

        Assert.False(verification.Passed);
        var missing = verification.Problems.ToList();
        Assert.Equal(2, missing.Count);
        Assert.All(missing, m => Assert.Equal(VerifyStatus.Missing, m.Status));
        Assert.All(missing, m => Assert.Equal("library/alpine", m.TargetRepository));
    }

    [Fact]
    public async Task Migrate_Result_IsReadableBySkopeo()
    {
        await using var target = await TargetRegistry.StartAsync();
        using var storage = ImageSourceFactory.Open(source.StorageRoot);
        await target.MigrateAsync(storage);
        var host = target.Registry.HostPort;

        var inspect = await Skopeo.RunAsync("inspect", "--tls-verify=false", "--raw", $"docker://{host}/multi/arch:1.0");
        Assert.True(inspect.Code == 0, inspect.Output);
        Assert.Equal(source.Data.MultiArch.Digest, Migration.Engine.Oci.Digest.Compute(System.Text.Encoding.UTF8.GetBytes(inspect.Output)).ToString());

        var config = await Skopeo.RunAsync("inspect", "--tls-verify=false", $"docker://{host}/team-a/app:v2");
        Assert.True(config.Code == 0, config.Output);
        Assert.Contains(source.Data.AppV2.Digest, config.Output);

        var dir = Directory.CreateTempSubdirectory("skopeo-copy-").FullName;
        try
        {
            var copy = await Skopeo.RunAsync("copy", "--all", "--src-tls-verify=false", $"docker://{host}/multi/arch:oci", $"dir:{dir}");
            Assert.True(copy.Code == 0, copy.Output);
            Assert.True(File.Exists(Path.Combine(dir, "manifest.json")));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
