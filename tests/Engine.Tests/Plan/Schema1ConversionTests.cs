using System.Text.Json;
using Engine.Tests.Fixtures;
using Migration.Engine.Copy;
using Migration.Engine.Plan;
using Migration.Engine.Sources;
using Migration.Engine.Verify;
using Registry.Testing;

namespace Engine.Tests.Plan;

/// <summary>
/// A schema1 image written by a real registry (one with <c>compatibility.schema1.enabled</c>, fed by
/// <c>skopeo copy --format v2s1</c>), converted to schema2 on the way to a registry that refuses schema1.
/// </summary>
public sealed class Schema1ConversionTests : IAsyncLifetime
{
    private RegistryProcess _original = null!;
    private RegistryProcess _legacy = null!;

    public async Task InitializeAsync()
    {
        _original = await RegistryProcess.StartAsync();
        using (var push = new ImagePusher(_original.BaseUri) { GzipLayers = true })
        {
            await push.PushImageAsync("app", "1", new ImageSpec([new LayerSpec(901, 70_000), new LayerSpec(902, 30_000)])
            {
                Env = ["PATH=/usr/bin", "MODE=legacy"], Cmd = ["/bin/sh", "-c", "echo hi"],
            });
        }
        _legacy = await RegistryProcess.StartAsync(new RegistryProcessOptions { AcceptSchema1 = true });
        var copy = await Skopeo.RunAsync("copy", "--src-tls-verify=false", "--dest-tls-verify=false", "--format", "v2s1",
            $"docker://{_original.BaseUri.Authority}/app:1", $"docker://{_legacy.BaseUri.Authority}/legacy/app:1");
        Assert.True(copy.Code == 0, copy.Output);
    }

    public async Task DisposeAsync()
    {
        await _legacy.DisposeAsync();
        await _original.DisposeAsync();
    }

    [Fact]
    public async Task Schema1Image_IsConvertedToSchema2_WithTheSameLayersAndSettings()
    {
        await using var target = await TargetRegistry.StartAsync();
        using var storage = ImageSourceFactory.Open(_legacy.StorageRoot);

        var report = await target.MigrateAsync(storage);

        var image = Assert.Single(report.Images);
        Assert.Equal(ImageStatus.Copied, image.Status);
        Assert.NotNull(image.ConvertedFrom);
        Assert.NotEqual(image.ConvertedFrom, image.Digest);
        Assert.True(report.Verification!.Passed, string.Join("\n", report.Verification.Problems.Select(p => p.Detail)));
        var original = await InspectAsync($"{_original.BaseUri.Authority}/app:1");
        var converted = await InspectAsync($"{target.Uri.Authority}/legacy/app:1");
        foreach (var field in new[] { "Layers", "Architecture", "Os", "Env" })
            Assert.Equal(original.GetProperty(field).ToString(), converted.GetProperty(field).ToString());
        Assert.Equal(image.Digest, converted.GetProperty("Digest").GetString());
        var config = await Skopeo.RunAsync("inspect", "--tls-verify=false", "--config", $"docker://{target.Uri.Authority}/legacy/app:1");
        using var json = JsonDocument.Parse(config.Output);
        Assert.Equal(["/bin/sh", "-c", "echo hi"], json.RootElement.GetProperty("config").GetProperty("Cmd").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(2, json.RootElement.GetProperty("rootfs").GetProperty("diff_ids").GetArrayLength());
    }

    [Fact]
    public async Task Schema1Image_IntoHarbor_IsConvertedAndVerifiedThroughTheArtifactApi()
    {
        await using var harbor = await HarborTarget.StartAsync();
        using var storage = ImageSourceFactory.Open(_legacy.StorageRoot);

        var (report, _, client) = await harbor.MigrateAsync(storage);
        using var _ = client;

        var image = Assert.Single(report.Images);
        Assert.Equal(ImageStatus.Copied, image.Status);
        Assert.NotNull(image.ConvertedFrom);
        Assert.True(report.Verification!.Passed, string.Join("\n", report.Verification.Problems.Select(p => p.Detail)));
        Assert.Equal(image.Digest, harbor.Server.FindDigest("legacy/app", "1"));
    }

    [Fact]
    public async Task Schema1Image_WithConversionOff_IsLeftBehindAndFailsTheVerification()
    {
        await using var target = await TargetRegistry.StartAsync();
        using var storage = ImageSourceFactory.Open(_legacy.StorageRoot);

        var report = await target.MigrateAsync(storage, filter: new ImageFilter { Schema1 = Schema1Handling.Skip });

        var image = Assert.Single(report.Images);
        Assert.Equal(ImageStatus.Failed, image.Status);
        Assert.Contains("schema1", image.Error);
        Assert.False(report.Verification!.Passed);
        Assert.Equal(VerifyStatus.NotCopied, Assert.Single(report.Verification.Entries).Status);
    }

    private static async Task<JsonElement> InspectAsync(string reference)
    {
        var inspect = await Skopeo.RunAsync("inspect", "--tls-verify=false", $"docker://{reference}");
        Assert.True(inspect.Code == 0, inspect.Output);
        return JsonDocument.Parse(inspect.Output).RootElement.Clone();
    }
}
