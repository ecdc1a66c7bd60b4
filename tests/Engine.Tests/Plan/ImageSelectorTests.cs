using Migration.Engine.Copy;
using Migration.Engine.Inventory;
using Migration.Engine.Plan;
using Migration.Engine.Run;

namespace Engine.Tests.Plan;

public sealed class ImageSelectorTests
{
    private static InventoryImage Image(string? tag, int minutesAgo = 0, string digest = "sha256:aa") => new()
    {
        Tag = tag, Digest = digest, MediaType = "m", Kind = "image", PushedAt = DateTimeOffset.UtcNow.AddMinutes(-minutesAgo),
    };

    private static SourceInventory Inventory(params InventoryRepository[] repositories) => new()
    {
        Source = "test", ScannedAt = DateTimeOffset.UtcNow, Repositories = repositories, Blobs = [], Problems = [],
        Totals = new InventoryTotals(repositories.Length, 0, 0, 0, 0, 0, 0, 0),
    };

    [Fact]
    public void Select_LatestN_TakesTheMostRecentlyPushedTags()
    {
        var inventory = Inventory(new InventoryRepository("a/app", [Image("old", 30), Image("new", 1), Image("mid", 10)], []));

        var items = ImageSelector.Select(inventory, new ImageFilter { Latest = 2 }, new NameMapper());

        Assert.Equal(["new", "mid"], items.Select(i => i.Reference));
    }

    [Fact]
    public void Select_TagRegex_MatchesTheWholeTag()
    {
        var inventory = Inventory(new InventoryRepository("a/app", [Image("v1"), Image("v1-rc"), Image("latest")], []));

        var items = ImageSelector.Select(inventory, new ImageFilter { TagPattern = "v[0-9]+" }, new NameMapper());

        Assert.Equal(["v1"], items.Select(i => i.Reference));
    }

    [Fact]
    public void Select_Untagged_OnlyWhenAskedFor()
    {
        var inventory = Inventory(new InventoryRepository("a/app", [Image("v1")], [Image(null, digest: "sha256:bb")]));

        Assert.Single(ImageSelector.Select(inventory, new ImageFilter(), new NameMapper()));
        Assert.Equal(["v1", "sha256:bb"], ImageSelector.Select(inventory, new ImageFilter { IncludeUntagged = true }, new NameMapper()).Select(i => i.Reference));
    }

    [Fact]
    public void Select_TwoSourcesMappedOntoOneTarget_AreRefusedWithAClearReason()
    {
        var inventory = Inventory(new InventoryRepository("a/app", [Image("1")], []), new InventoryRepository("b/app", [Image("1")], []));

        var items = ImageSelector.Select(inventory, new ImageFilter(), new NameMapper([("a", "x"), ("b", "x")]));

        Assert.All(items, i => Assert.Contains("a/app and b/app all map to 'x/app'", i.Error));
    }

    [Fact]
    public void Select_InvalidTargetName_IsAnErrorOnTheItem()
    {
        var inventory = Inventory(new InventoryRepository("a/app", [Image("1")], []));

        var item = Assert.Single(ImageSelector.Select(inventory, new ImageFilter(), new NameMapper([("a", "Bad")])));

        Assert.Contains("invalid", item.Error);
    }
}
