namespace Migration.Engine.Inventory;

public sealed record InventoryRepository(string Name, IReadOnlyList<InventoryImage> Tags, IReadOnlyList<InventoryImage> Untagged);
