using System.Text.Json.Serialization;

namespace Migration.Engine.Inventory;

public sealed record InventoryRepository(string Name, IReadOnlyList<InventoryImage> Tags, IReadOnlyList<InventoryImage> Untagged)
{
    /// <summary>The problems found in this repository; the inventory lists them all in one place.</summary>
    [JsonIgnore] public IReadOnlyList<InventoryProblem> Problems { get; init; } = [];
}
