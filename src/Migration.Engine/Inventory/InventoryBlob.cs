namespace Migration.Engine.Inventory;

public sealed record InventoryBlob(string Digest, long Size, int Repositories);
