using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Migration.Engine;
using Migration.Engine.Inventory;
using Migration.Engine.Sources;
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

        var scan = (await _services.Scans.GetAsync(id))!;
        Assert.Equal(JobStatus.Succeeded, scan.Status);
        Assert.Equal((2, 3, 0), (scan.Repositories, scan.Tags, scan.Problems));
        Assert.Equal(JobStatus.Running, updates[0].Status);
        Assert.Equal(JobStatus.Succeeded, updates[^1].Status);

        // The rows give back exactly the inventory the engine reads, in its documented JSON form.
        var document = _services.Provider.GetRequiredService<InventoryDocument>();
        using var json = new MemoryStream();
        await document.WriteJsonAsync(scan, json, CancellationToken.None);
        var fromRows = JsonSerializer.Deserialize<SourceInventory>(json.ToArray(), EngineJson.Options)!;
        using var source2 = ImageSourceFactory.Open(registry.StorageRoot);
        var direct = await new Scanner(source2).ScanAsync(new ScanOptions { Deep = true }, null, CancellationToken.None);
        Assert.Equal(EngineJson.Serialize(direct with { ScannedAt = default }), EngineJson.Serialize(fromRows with { ScannedAt = default }));
        using var csv = new MemoryStream();
        await document.WriteCsvAsync(id, csv, CancellationToken.None);
        Assert.Contains("\nteam/app,2,", System.Text.Encoding.UTF8.GetString(csv.ToArray()));
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
        // A pruned scan's rows go with it.
        await using var db = await _services.Provider.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        Assert.Equal(kept.Append(otherScan).Order(), (await db.ScanImages.Select(i => i.ScanId).Distinct().ToListAsync()).Order());
        Assert.Equal(kept.Append(otherScan).Order(), (await db.ScanBlobs.Select(i => i.ScanId).Distinct().ToListAsync()).Order());
    }

    [Fact]
    public async Task Scan_OfAFolderThatIsNotARegistry_FailsWithTheReason()
    {
        var folder = Directory.CreateTempSubdirectory("not-a-registry-").FullName;
        var source = await _services.Connections.AddAsync(new ConnectionForm { Name = "wrong", Location = folder });

        var id = await _services.Scans.StartAsync(source.Id, deep: false);
        await _services.ScanJob.RunAsync(id, CancellationToken.None);

        var scan = (await _services.Scans.GetAsync(id))!;
        Assert.Equal(JobStatus.Failed, scan.Status);
        Assert.Contains("not a registry storage folder", scan.Error);
        Assert.Null(await _services.Scans.GetFinishedAsync(id));
        Directory.Delete(folder);
    }

    [Fact]
    public async Task RowsBeingWritten_DoNotHoldTheDatabase_BetweenRepositories()
    {
        var databases = _services.Provider.GetRequiredService<IDbContextFactory<DashboardDbContext>>();
        await using var rows = await InventoryRowWriter.OpenAsync(databases, 1, CancellationToken.None);
        var image = new InventoryImage { Tag = "1", Digest = "sha256:" + new string('a', 64), MediaType = "m", Kind = "image" };
        await rows.AddAsync(new InventoryRepository("team/app", [image], []), CancellationToken.None);

        // While the scanner reads the next repository (minutes, on a slow disk), any other write goes through at once.
        await using var other = await databases.CreateDbContextAsync();
        other.Database.SetCommandTimeout(1);
        other.Mappings.Add(new MappingEntity { Rules = "", DefaultProject = "library" });
        await other.SaveChangesAsync();

        await rows.FinishAsync([], [], CancellationToken.None);
        Assert.Equal(1, await other.ScanImages.CountAsync(i => i.ScanId == 1));
    }

    [Fact]
    public async Task Scan_OfATarget_IsRefused()
    {
        var target = await _services.Connections.AddAsync(new ConnectionForm { Name = "harbor", Role = ConnectionRole.Target, Location = "https://h.example" });
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => _services.Scans.StartAsync(target.Id, false));
        Assert.Contains("is a target", ex.Message);
    }
}
