using Migration.Engine.Inventory;
using Migration.Engine.Sources;
using Registry.Testing;
using Web.Features.Inventory;

namespace Web.Tests.Inventory;

/// <summary>The inventory grid shows signatures and SBOMs under the image they describe, not as unrelated rows.</summary>
public sealed class InventoryRowTests
{
    [Fact]
    public async Task Referrers_StandUnderTheirImage_WhichSaysWhatItHas()
    {
        await using var registry = await RegistryProcess.StartAsync();
        using (var push = new ImagePusher(registry.BaseUri))
        {
            var app = await push.PushImageAsync("team/app", "1", new ImageSpec([new LayerSpec(961, 2_000)]));
            await push.PushImageAsync("team/app", $"sha256-{app.Digest[7..]}.sig", new ImageSpec([new LayerSpec(962, 100)]) { Oci = true });
            await push.PushImageAsync("team/app", null, new ImageSpec([new LayerSpec(963, 100)]) { ArtifactType = "application/spdx+json", Subject = app });
            await push.PushImageAsync("team/app", "2", new ImageSpec([new LayerSpec(964, 2_000)]));
        }
        using var source = ImageSourceFactory.Open(registry.StorageRoot);
        var inventory = await new Scanner(source).ScanAsync(new ScanOptions(), null, CancellationToken.None);

        var rows = InventoryRows.Of(inventory.Repositories.Single()).Select(InventoryRow.From).ToList();

        Assert.Equal(["1", "↳ sha256-", "↳ untagged", "2"], rows.Select(r => r.Tag.StartsWith("↳ sha256-") ? "↳ sha256-" : r.Tag));
        Assert.Equal("signature ✓, SBOM ✓", rows[0].Attached);
        Assert.StartsWith("signature of ", rows[1].Kind);
        Assert.StartsWith("SBOM of ", rows[2].Kind);
        Assert.Equal("", rows[3].Attached);
    }
}
