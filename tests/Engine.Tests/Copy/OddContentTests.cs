using Engine.Tests.Fixtures;
using Migration.Engine.Copy;
using Migration.Engine.Inventory;
using Migration.Engine.Oci;
using Migration.Engine.Plan;
using Migration.Engine.Sources;
using Registry.Testing;

namespace Engine.Tests.Copy;

/// <summary>Every odd kind a long-lived registry holds (<see cref="OddContent"/>) is carried, and nothing odd breaks a run.</summary>
public sealed class OddContentTests : IAsyncLifetime
{
    private OddContent _corpus = null!;

    public async Task InitializeAsync() => _corpus = await OddContent.StartAsync();

    public async Task DisposeAsync() => await _corpus.DisposeAsync();

    [Fact]
    public async Task Scan_OfTheOddCorpus_FindsEveryTagAndUntaggedManifestAndNoProblem()
    {
        using var storage = ImageSourceFactory.Open(_corpus.StorageRoot);

        var inventory = await new Scanner(storage).ScanAsync(new ScanOptions(), null, CancellationToken.None);

        // The one problem: the dangling tag, read as distribution reads it.
        var dangling = Assert.Single(inventory.Problems);
        Assert.Equal((ProblemCodes.DanglingTag, "dangling/app", "2"), (dangling.Code, dangling.Repository, dangling.Reference));
        Assert.Contains("points at a deleted manifest", dangling.Message);
        var tags = inventory.Repositories.SelectMany(r => r.Tags.Select(t => $"{r.Name}:{t.Tag}")).ToHashSet();
        Assert.Equal(_corpus.Tags.Keys.Concat(_corpus.Dangling.Keys).Order(StringComparer.Ordinal), tags.Order(StringComparer.Ordinal));
        var untagged = inventory.Repositories.SelectMany(r => r.Untagged.Select(u => $"{r.Name}@{u.Digest}")).ToHashSet();
        Assert.All(_corpus.Untagged, u => Assert.Contains(u, untagged));
        Assert.DoesNotContain(inventory.Repositories, r => r.Name.StartsWith("ghost", StringComparison.Ordinal) || r.Name.StartsWith("stale", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Migrate_TheOddCorpus_CarriesEveryTagAndUntaggedManifest_AndARerunSendsNothing()
    {
        // A target that takes Windows images' foreign layers, as one set up for them is.
        await using var target = await TargetRegistry.StartAsync(new RegistryProcessOptions { AllowForeignLayers = true });
        using var storage = ImageSourceFactory.Open(_corpus.StorageRoot);
        var filter = new ImageFilter { IncludeUntagged = true };

        var report = await target.MigrateAsync(storage, new CopyOptions { IncludeUntagged = true }, filter);

        ReportAssert.NoFailures(report);
        Assert.True(report.Verification!.Passed, string.Join("\n", report.Verification.Problems.Select(p => p.Detail)));
        using var client = target.Client();
        foreach (var (image, digest) in _corpus.Tags)
        {
            var (repository, tag) = (image[..image.LastIndexOf(':')], image[(image.LastIndexOf(':') + 1)..]);
            Assert.Equal(digest, (await client.HeadManifestAsync(repository, tag, default))?.ToString());
        }
        foreach (var image in _corpus.Untagged)
        {
            var (repository, digest) = (image[..image.IndexOf('@')], image[(image.IndexOf('@') + 1)..]);
            Assert.Equal(digest, (await client.HeadManifestAsync(repository, digest, default))?.ToString());
        }

        // Like the registry itself, which answers 404 for it: the dangling tag is not copied, and not counted as lost.
        Assert.Null(await client.HeadManifestAsync("dangling/app", "2", default));
        Assert.DoesNotContain(report.Images, i => i.SourceRepository == "dangling/app" && i.Reference == "2");

        var before = target.Proxy.Requests.Count;
        var rerun = await target.MigrateAsync(storage, new CopyOptions { IncludeUntagged = true }, filter);

        Assert.Equal(0, rerun.Totals.BytesUploaded);
        Assert.True(rerun.Verification!.Passed);
        // Nothing pushed again, untagged manifests included: they are checked like tags.
        Assert.DoesNotContain(target.Proxy.Requests.Skip(before), r => r.Method == "PUT");
    }

    [Fact]
    public async Task Migrate_TheOddCorpus_IntoHarbor_CarriesEveryTag()
    {
        await using var harbor = await HarborTarget.StartAsync();
        using var storage = ImageSourceFactory.Open(_corpus.StorageRoot);

        // Harbor's registry, like distribution's default, refuses foreign layers (that failure has its own test above).
        var (report, _, client) = await harbor.MigrateAsync(storage, options: new CopyOptions { IncludeUntagged = true },
            filter: new ImageFilter { IncludeUntagged = true, Exclude = ["windows/*"] });
        using var _ = client;

        ReportAssert.NoFailures(report);
        Assert.True(report.Verification!.Passed, string.Join("\n", report.Verification.Problems.Select(p => p.Detail)));
        foreach (var (image, digest) in _corpus.Tags.Where(t => !t.Key.StartsWith("windows/", StringComparison.Ordinal)))
            Assert.Equal(digest, harbor.Server.FindDigest(image[..image.LastIndexOf(':')], image[(image.LastIndexOf(':') + 1)..]));
    }

    [Fact]
    public async Task Scan_OfATarOfTheCorpus_FindsWhatTheFolderFinds()
    {
        var tar = Path.Combine(Path.GetTempPath(), $"odd-{Guid.NewGuid():N}.tar");
        try
        {
            var info = new System.Diagnostics.ProcessStartInfo("tar", ["-C", _corpus.StorageRoot, "-cf", tar, "."]) { RedirectStandardError = true };
            using (var process = System.Diagnostics.Process.Start(info)!)
            {
                await process.WaitForExitAsync();
                Assert.True(process.ExitCode == 0, await process.StandardError.ReadToEndAsync());
            }
            using var folder = ImageSourceFactory.Open(_corpus.StorageRoot);
            using var archive = ImageSourceFactory.Open(tar);

            var fromFolder = await new Scanner(folder).ScanAsync(new ScanOptions(), null, CancellationToken.None);
            var fromArchive = await new Scanner(archive).ScanAsync(new ScanOptions(), null, CancellationToken.None);

            Assert.Equal(Images(fromFolder), Images(fromArchive));
            Assert.Equal(fromFolder.Repositories.Select(r => r.Name), fromArchive.Repositories.Select(r => r.Name));
            Assert.Contains("only/untagged", fromArchive.Repositories.Select(r => r.Name));
            Assert.Contains("emptied/app", fromArchive.Repositories.Select(r => r.Name));
        }
        finally
        {
            File.Delete(tar);
        }
    }

    [Fact]
    public async Task DanglingTag_WhenAskedFor_IsCopied()
    {
        await using var target = await TargetRegistry.StartAsync();
        using var storage = ImageSourceFactory.Open(_corpus.StorageRoot);

        var report = await target.MigrateAsync(storage, filter: new ImageFilter { Include = ["dangling/*"], IncludeDanglingTags = true });

        ReportAssert.NoFailures(report);
        Assert.True(report.Verification!.Passed);
        using var client = target.Client();
        Assert.Equal(_corpus.Dangling["dangling/app:2"], (await client.HeadManifestAsync("dangling/app", "2", default))?.ToString());
    }

    [Fact]
    public async Task ForeignLayer_RefusedByTheTarget_FailsAtOnceWithTheReasonAndTheFix()
    {
        // Distribution's default: foreign layers are refused.
        await using var target = await TargetRegistry.StartAsync();
        using var storage = ImageSourceFactory.Open(_corpus.StorageRoot);

        var report = await target.MigrateAsync(storage, filter: new ImageFilter { Include = ["windows/*"] });

        var image = Assert.Single(report.Images);
        Assert.Equal(ImageStatus.Failed, image.Status);
        Assert.Contains("refuses non-distributable (foreign) layers", image.Error);
        Assert.Contains("validation.manifests.urls.allow", image.Error);
        // Recognised at once: one manifest PUT, no retries.
        Assert.Single(target.Proxy.Requests, r => r.Method == "PUT" && r.Path.Contains("/manifests/"));
    }

    private static IEnumerable<string> Images(SourceInventory inventory) =>
        inventory.Repositories.SelectMany(r => r.Tags.Concat(r.Untagged).Select(i => $"{r.Name}:{i.Tag}@{i.Digest}")).Order(StringComparer.Ordinal);
}
