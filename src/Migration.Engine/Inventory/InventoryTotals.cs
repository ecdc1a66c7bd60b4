namespace Migration.Engine.Inventory;

public sealed record InventoryTotals(
    int Repositories, int Tags, int Untagged, int Manifests, int UniqueBlobs, long ReferencedBytes, long UniqueBytes, int Problems)
{
    /// <summary>What copying each blob once saves over copying every image on its own.</summary>
    public long SharedBytesSaved => ReferencedBytes - UniqueBytes;
}
