namespace Migration.Engine.Inventory;

// The inventory's stable JSON form is documented in docs/json.md. Add fields; never rename or remove them
// without raising SchemaVersion.

/// <summary>Everything a source holds, and what is wrong with it.</summary>
public sealed record SourceInventory
{
    public int SchemaVersion { get; init; } = 1;
    public required string Source { get; init; }
    public required DateTimeOffset ScannedAt { get; init; }
    public bool Deep { get; init; }
    public bool UntaggedListed { get; init; }
    public required InventoryTotals Totals { get; init; }
    public required IReadOnlyList<InventoryRepository> Repositories { get; init; }
    public required IReadOnlyList<InventoryBlob> Blobs { get; init; }
    public required IReadOnlyList<InventoryProblem> Problems { get; init; }
}
