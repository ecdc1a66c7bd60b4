using Microsoft.Extensions.DependencyInjection;
using Registry.Testing;
using Web.Data;
using Web.Features.Connections;
using Web.Features.Inventory;

namespace Web.Tests.Inventory;

public sealed class ScanThroughHangfireTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task Scan_RunsAsAHangfireJobInTheRealApp()
    {
        await using var registry = await RegistryProcess.StartAsync();
        using (var push = new ImagePusher(registry.BaseUri))
            await push.PushImageAsync("team/app", "1", new ImageSpec([new LayerSpec(7, 2000)]));
        using var client = await factory.CreateSignedInClientAsync(); // starts the app, its migrations and its Hangfire server
        var connections = factory.Services.GetRequiredService<ConnectionService>();
        var scans = factory.Services.GetRequiredService<ScanService>();
        var source = await connections.AddAsync(new ConnectionForm { Name = "old", Location = registry.StorageRoot });

        var id = await scans.StartAsync(source.Id, deep: false);

        var deadline = DateTime.UtcNow.AddSeconds(60);
        ScanEntity scan;
        do
        {
            await Task.Delay(200);
            scan = (await scans.GetAsync(id))!;
        }
        while (scan.Status is JobStatus.Queued or JobStatus.Running && DateTime.UtcNow < deadline);
        Assert.Equal(JobStatus.Succeeded, scan.Status);
        Assert.Equal(1, scan.Tags);
        using (var page = await client.GetAsync($"/inventory/{id}"))
            Assert.True(page.IsSuccessStatusCode);
        var csv = await client.GetStringAsync($"/exports/scans/{id}.csv");
        Assert.StartsWith("repository,tag,digest", csv);
        Assert.Contains("team/app,1,sha256:", csv);
    }
}
