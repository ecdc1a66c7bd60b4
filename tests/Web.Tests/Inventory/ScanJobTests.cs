using Registry.Testing;
using Web.Data;
using Web.Features.Connections;
using Web.Features.Inventory;
using Web.Tests.Connections;

namespace Web.Tests.Inventory;

public sealed class ScanJobTests : IDisposable
{
    private readonly ConnectionServices _services = new();

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task Scan_OfARealRegistryStorage_IsKeptWithItsInventoryAndTotals()
    {
        await using var registry = await RegistryProcess.StartAsync();
        using (var push = new ImagePusher(registry.BaseUri))
        {
            await push.PushImageAsync("team/app", "1", new ImageSpec([new LayerSpec(1, 5000)]));
            await push.PushImageAsync("team/app", "2", new ImageSpec([new LayerSpec(1, 5000), new LayerSpec(2, 3000)]));
            await push.PushImageAsync("nginx", "latest", new ImageSpec([new LayerSpec(1, 5000)]));
        }
        var source = await _services.Connections.AddAsync(new ConnectionForm { Name = "old", Location = registry.StorageRoot });
        var updates = new List<ScanUpdate>();

        var id = await _services.Scans.StartAsync(source.Id, deep: true);
        Assert.Single(_services.Jobs.Enqueued);
        using (_services.ScanFeed.Subscribe($"scan:{id}", u => { lock (updates) updates.Add(u); }))
            await _services.ScanJob.RunAsync(id, CancellationToken.None);

        var (scan, inventory) = (await _services.Scans.GetAsync(id))!.Value;
        Assert.Equal(JobStatus.Succeeded, scan.Status);
        Assert.Equal((2, 3, 0), (scan.Repositories, scan.Tags, scan.Problems));
        Assert.Equal(3, inventory!.Totals.Tags);
        Assert.Equal(JobStatus.Running, updates[0].Status);
        Assert.Equal(JobStatus.Succeeded, updates[^1].Status);
        Assert.Contains("team/app,2,", InventoryExports.ToCsv(InventoryRow.From(inventory)));
    }

    [Fact]
    public async Task Scans_BeyondTheKeepLimit_PruneTheOldestOfThatSourceOnly()
    {
        await using var registry = await RegistryProcess.StartAsync();
        using (var push = new ImagePusher(registry.BaseUri))
            await push.PushImageAsync("team/app", "1", new ImageSpec([new LayerSpec(1, 1000)]));
        var source = await _services.Connections.AddAsync(new ConnectionForm { Name = "old", Location = registry.StorageRoot });
        var other = await _services.Connections.AddAsync(new ConnectionForm { Name = "other", Location = registry.StorageRoot });
        var otherScan = await _services.Scans.StartAsync(other.Id, deep: false);
        await _services.ScanJob.RunAsync(otherScan, CancellationToken.None);

        var ids = new List<int>();
        for (var i = 0; i < Web.Configuration.DashboardSettings.DefaultKeepScans + 2; i++)
        {
            ids.Add(await _services.Scans.StartAsync(source.Id, deep: false));
            await _services.ScanJob.RunAsync(ids[^1], CancellationToken.None);
        }

        var kept = (await _services.Scans.ListAsync()).Where(s => s.ConnectionId == source.Id).Select(s => s.Id).Order().ToList();
        Assert.Equal(ids.TakeLast(Web.Configuration.DashboardSettings.DefaultKeepScans), kept);
        Assert.Contains(await _services.Scans.ListAsync(), s => s.Id == otherScan);
    }

    [Fact]
    public async Task Scan_OfAFolderThatIsNotARegistry_FailsWithTheReason()
    {
        var folder = Directory.CreateTempSubdirectory("not-a-registry-").FullName;
        var source = await _services.Connections.AddAsync(new ConnectionForm { Name = "wrong", Location = folder });

        var id = await _services.Scans.StartAsync(source.Id, deep: false);
        await _services.ScanJob.RunAsync(id, CancellationToken.None);

        var (scan, inventory) = (await _services.Scans.GetAsync(id))!.Value;
        Assert.Equal(JobStatus.Failed, scan.Status);
        Assert.Contains("not a registry storage folder", scan.Error);
        Assert.Null(inventory);
        Directory.Delete(folder);
    }

    [Fact]
    public async Task Scan_OfATarget_IsRefused()
    {
        var target = await _services.Connections.AddAsync(new ConnectionForm { Name = "harbor", Role = ConnectionRole.Target, Location = "https://h.example" });
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => _services.Scans.StartAsync(target.Id, false));
        Assert.Contains("is a target", ex.Message);
    }
}
