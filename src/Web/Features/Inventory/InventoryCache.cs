using Migration.Engine.Inventory;

namespace Web.Features.Inventory;

/// <summary>The parsed inventories of the few finished scans people look at now, shared by every reader. Finished
/// scans never change; the oldest entry goes when a new one would make more than <see cref="Capacity"/>.</summary>
public sealed class InventoryCache
{
    public const int Capacity = 3;

    private readonly Lock _gate = new();
    private readonly LinkedList<(int ScanId, Task<SourceInventory?> Inventory)> _entries = new();

    public Task<SourceInventory?> GetAsync(int scanId, Func<Task<SourceInventory?>> load)
    {
        lock (_gate)
        {
            for (var node = _entries.First; node is not null; node = node.Next)
            {
                if (node.Value.ScanId != scanId) continue;
                _entries.Remove(node);
                _entries.AddFirst(node);
                return node.Value.Inventory;
            }
            var loading = LoadOnceAsync(scanId, load);
            _entries.AddFirst((scanId, loading));
            while (_entries.Count > Capacity) _entries.RemoveLast();
            return loading;
        }
    }

    // A failed read is not kept: the next reader tries again.
    private async Task<SourceInventory?> LoadOnceAsync(int scanId, Func<Task<SourceInventory?>> load)
    {
        try
        {
            return await load();
        }
        catch
        {
            lock (_gate)
            {
                var node = _entries.First;
                while (node is not null && node.Value.ScanId != scanId) node = node.Next;
                if (node is not null) _entries.Remove(node);
            }
            throw;
        }
    }
}
