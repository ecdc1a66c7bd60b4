using Engine.Tests.Fixtures;
using Migration.Engine.Copy;
using Migration.Engine.Harbor;
using Migration.Engine.Plan;
using Migration.Engine.Sources;
using Registry.Testing;

namespace Engine.Tests.Harbor;

/// <summary>Signatures and SBOMs arrive attached to their image: found with it, pushed after it, recorded by Harbor
/// (the double) as its accessories, and verified as such.</summary>
public sealed class ReferrerTests : IAsyncLifetime
{
    private RegistryProcess _source = null!;
    private PushedManifest _app = null!, _signature = null!, _sbom = null!, _unrelated = null!;

    public async Task InitializeAsync()
    {
        _source = await RegistryProcess.StartAsync();
        using var push = new ImagePusher(_source.BaseUri);
        _unrelated = await push.PushImageAsync("team/app", null, new ImageSpec([new LayerSpec(951, 20_000)]) { Label = "old build" });
        _app = await push.PushImageAsync("team/app", "1", new ImageSpec([new LayerSpec(952, 400_000), new LayerSpec(953, 300_000)]));
        // cosign's tag scheme: the signature of sha256:<hex> is tagged sha256-<hex>.sig.
        _signature = await push.PushImageAsync("team/app", $"sha256-{_app.Digest[7..]}.sig", new ImageSpec([new LayerSpec(954, 300)]) { Oci = true });
        // An SBOM pushed by digest only, with a subject, as `oras attach` does.
        _sbom = await push.PushImageAsync("team/app", null, new ImageSpec([new LayerSpec(955, 800)]) { ArtifactType = "application/spdx+json", Subject = _app });
    }

    public async Task DisposeAsync() => await _source.DisposeAsync();

    [Fact]
    public async Task SignatureAndSbom_TravelWithTheirImageAndArriveAttached()
    {
        await using var harbor = await HarborTarget.StartAsync();
        using var storage = ImageSourceFactory.Open(_source.StorageRoot);

        // Neither untagged manifests nor the signature's tag are selected by the filter: they come with their image.
        var (report, _, client) = await harbor.MigrateAsync(storage, filter: new ImageFilter { TagPattern = "1" });
        using var _ = client;

        ReportAssert.NoFailures(report);
        Assert.Equal(new[] { _app.Digest, _signature.Digest, _sbom.Digest }.Order(StringComparer.Ordinal),
            report.Images.Select(i => i.Digest).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(report.Images, i => i.Digest == _unrelated.Digest);
        Assert.True(report.Verification!.Passed, string.Join("\n", report.Verification.Problems.Select(p => p.Detail)));
        using var api = new HarborClient(harbor.Login());
        var image = await api.GetArtifactAsync("team/app", "1", default);
        var accessories = image!.Accessories!.Select(a => a.Digest).ToList();
        Assert.Contains(_signature.Digest, accessories);
        Assert.Contains(_sbom.Digest, accessories);
    }

    [Fact]
    public async Task SignatureAndSbom_IntoAPlainRegistry_ArriveWithTheirImage()
    {
        await using var target = await TargetRegistry.StartAsync();
        using var storage = ImageSourceFactory.Open(_source.StorageRoot);

        var report = await target.MigrateAsync(storage, filter: new ImageFilter { TagPattern = "1" });

        ReportAssert.NoFailures(report);
        Assert.True(report.Verification!.Passed, string.Join("\n", report.Verification.Problems.Select(p => p.Detail)));
        using var client = target.Client();
        foreach (var digest in new[] { _app.Digest, _signature.Digest, _sbom.Digest })
            Assert.Equal(digest, (await client.HeadManifestAsync("team/app", digest, default))?.ToString());
        Assert.Equal(_signature.Digest, (await client.HeadManifestAsync("team/app", $"sha256-{_app.Digest[7..]}.sig", default))?.ToString());
    }

    [Fact]
    public async Task Selection_FindsEachReferrersSubject()
    {
        using var storage = ImageSourceFactory.Open(_source.StorageRoot);
        var items = await TargetRegistry.SelectAsync(storage, new ImageFilter { TagPattern = "1" });

        Assert.Equal(_app.Digest, Assert.Single(items, i => i.Image.Digest == _signature.Digest).Subject);
        Assert.Equal(_app.Digest, Assert.Single(items, i => i.Image.Digest == _sbom.Digest).Subject);
        Assert.Null(Assert.Single(items, i => i.Image.Digest == _app.Digest).Subject);
    }

    [Fact]
    public async Task Selection_WithLatest_CountsOnlyImagesAndBringsTheirReferrers()
    {
        using var storage = ImageSourceFactory.Open(_source.StorageRoot);

        // The signature tag was written last, but it is not "the latest image".
        var items = await TargetRegistry.SelectAsync(storage, new ImageFilter { Latest = 1 });

        Assert.Equal(new[] { _app.Digest, _signature.Digest, _sbom.Digest }.Order(StringComparer.Ordinal),
            items.Select(i => i.Image.Digest).Order(StringComparer.Ordinal));
    }
}
