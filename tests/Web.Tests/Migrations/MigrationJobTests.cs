using System.Text.Json;
using HarborDouble;
using Microsoft.Extensions.DependencyInjection;
using Registry.Testing;
using Web.Data;
using Web.Features.Connections;
using Web.Features.Migrations;

namespace Web.Tests.Migrations;

/// <summary>A migration in the real app: Hangfire jobs per repository, a real registry as the source, the Harbor double
/// as the target, SQLite for everything.</summary>
public sealed class MigrationJobTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task Migration_SplitIntoRepositoryJobs_CopiesEverythingOnceAndVerifies()
    {
        await using var registry = await RegistryProcess.StartAsync();
        using (var push = new ImagePusher(registry.BaseUri))
        {
            var shared = new LayerSpec(1, 40_000);
            await push.PushImageAsync("team-a/app", "1", new ImageSpec([shared, new LayerSpec(2, 10_000)]));
            await push.PushImageAsync("team-a/app", "2", new ImageSpec([shared, new LayerSpec(3, 10_000)]));
            await push.PushImageAsync("team-b/api", "1", new ImageSpec([shared, new LayerSpec(4, 10_000)]));
            await push.PushImageAsync("nginx", "latest", new ImageSpec([shared]));
        }
        await using var harbor = await HarborDoubleServer.StartAsync(new HarborDoubleOptions { FailedLoginDelay = TimeSpan.FromMilliseconds(20) });
        using var client = factory.CreateApiClient();
        var connections = factory.Services.GetRequiredService<ConnectionService>();
        var migrations = factory.Services.GetRequiredService<MigrationService>();
        var source = await connections.AddAsync(new ConnectionForm { Name = "old", Location = registry.StorageRoot });
        var target = await connections.AddAsync(new ConnectionForm
        {
            Name = "harbor", Role = ConnectionRole.Target, Location = harbor.BaseUri.ToString(), Username = harbor.AdminUser, Password = harbor.AdminPassword,
        });
        var request = new MigrationRequest { SourceId = source.Id, TargetId = target.Id };

        var plan = await migrations.PlanAsync(request);
        Assert.Equal(4, plan.ImagesToCopy);
        Assert.Equal(4 + 4, plan.BlobsToUpload); // four distinct layers and one config per image
        var id = await migrations.StartAsync(request);
        var snapshot = await JobWait.MigrationAsync(migrations, id);

        Assert.Equal(JobStatus.Succeeded, snapshot.Status);
        Assert.True(snapshot.Verified);
        Assert.Equal((4, 4, 0), (snapshot.ImagesTotal, snapshot.ImagesDone, snapshot.ImagesFailed));
        Assert.Equal(3, snapshot.Repositories.Count);
        Assert.All(snapshot.Repositories, r => Assert.Equal(JobStatus.Succeeded, r.Status));
        // The shared layer went up once for the whole run, across three repository jobs.
        Assert.Equal(1, harbor.Requests.CommittedDigests()[ImagePusher.Digest(SeededStream.Bytes(1, 40_000))]);
        var report = await client.GetStringAsync($"/exports/migrations/{id}/report.json");
        using var json = JsonDocument.Parse(report);
        Assert.Equal(4, json.RootElement.GetProperty("images").GetArrayLength());
        Assert.True(json.RootElement.GetProperty("verification").GetProperty("passed").GetBoolean());
        Assert.Contains("team-a/app", await client.GetStringAsync($"/exports/migrations/{id}/report.csv"));
    }
}
