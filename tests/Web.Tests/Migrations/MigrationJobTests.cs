using System.Net.Http.Json;
using System.Text.Json;
using HarborDouble;
using Microsoft.Extensions.DependencyInjection;
using Registry.Testing;
using Web.Data;
using Web.Features.Connections;
using Web.Features.Migrations;
using Web.Tests.Api;
using Xunit.Abstractions;

namespace Web.Tests.Migrations;

/// <summary>A migration in the real app: Hangfire jobs per repository, a real registry as the source, the Harbor double
/// as the target, SQLite for everything.</summary>
public sealed class MigrationJobTests(DashboardFactory factory, ITestOutputHelper output) : IClassFixture<DashboardFactory>
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
        // The job page's summary: copied image by image, the shared layer would have gone up four times, not once.
        var summary = MigrationSummary.Of((await migrations.ReportAsync(id))!);
        Assert.Equal(3 * 40_000, summary.BytesImageByImage - summary.BytesSent);
        Assert.NotNull(snapshot.FinishedAt);
    }

    [Fact]
    public async Task BandwidthCap_RaisedThroughTheApiMidRun_IsAppliedWithinTwoSecondsAndHeld()
    {
        const long OldCap = 1 << 20, NewCap = 4 << 20;
        await using var registry = await RegistryProcess.StartAsync();
        // 24 MiB in four layers: about 2 s at the old cap, then some 5 s at the new one.
        using (var push = new ImagePusher(registry.BaseUri))
            await push.PushImageAsync("team-c/big", "1", new ImageSpec([.. Enumerable.Range(41, 4).Select(seed => new LayerSpec(seed, 6 << 20))]));
        await using var harbor = await HarborDoubleServer.StartAsync(new HarborDoubleOptions { FailedLoginDelay = TimeSpan.FromMilliseconds(20) });
        using var api = factory.CreateApiClient();
        var sourceId = await ApiCalls.CreateAsync(api, "/api/connections", new { name = "capped-source", role = "source", location = registry.StorageRoot });
        var targetId = await ApiCalls.CreateAsync(api, "/api/connections", new
        {
            name = "capped-target", role = "target", location = harbor.BaseUri.ToString(), username = harbor.AdminUser, password = harbor.AdminPassword,
        });
        var migrations = factory.Services.GetRequiredService<MigrationService>();
        var links = factory.Services.GetRequiredService<MigrationLinks>();

        var id = await ApiCalls.CreateAsync(api, "/api/migrations", new { sourceId, targetId, maxBytesPerSecond = OldCap }, System.Net.HttpStatusCode.Accepted);
        await using var samples = ByteSamples.Start(migrations, id);
        var flowing = await samples.WaitAsync(s => s.Bytes > 0, TimeSpan.FromSeconds(60));
        await Task.Delay(TimeSpan.FromSeconds(2.5));

        var raised = samples.Now;
        using (var patch = await api.PatchAsync($"/api/migrations/{id}", JsonContent.Create(new { maxBytesPerSecond = NewCap })))
            Assert.Equal(System.Net.HttpStatusCode.OK, patch.StatusCode);
        while (links.Find(id)?.Governor.Cap.BytesPerSecond != NewCap && samples.Now - raised < 5) await Task.Delay(20);
        var applied = samples.Now;
        Assert.True(applied - raised < 2, $"the governor took the new cap after {applied - raised:0.00} s");
        await samples.WaitAsync(s => s.Seconds >= applied + 3.5, TimeSpan.FromSeconds(30));

        // Rates over whole stretches (the cap holds on average over a few hundred milliseconds), leaving out the first
        // half second of each: the plan before the bytes, the change itself.
        var before = samples.Rate(flowing.Seconds + 0.5, raised);
        var after = samples.Rate(applied + 0.5, applied + 3.5);
        output.WriteLine($"{before / OldCap:0.00} MiB/s before, {after / OldCap:0.00} MiB/s after; the new cap applied {(applied - raised) * 1000:0} ms after the PATCH");
        Assert.True(before <= OldCap * 1.1, $"{before / OldCap:0.00} MiB/s before the change, with a cap of 1 MiB/s");
        Assert.True(after <= NewCap * 1.1, $"{after / OldCap:0.00} MiB/s after the change, with a cap of 4 MiB/s");
        Assert.True(after >= OldCap * 2, $"only {after / OldCap:0.00} MiB/s after the cap was raised to 4 MiB/s");
        // The job page's numbers came along: the link as the worker measured it, and the cap now.
        var measured = samples.Taken.Where(s => s.Seconds >= applied + 1.5 && s.Seconds <= applied + 3.5 && s.Link is not null).Select(s => s.Link!).ToList();
        Assert.NotEmpty(measured);
        Assert.All(measured, l => Assert.Equal((1, 64), (l.Workers, l.MaxConcurrency)));
        var median = measured.OrderBy(l => l.BytesPerSecond).ElementAt(measured.Count / 2);
        output.WriteLine($"the link as measured: {median}");
        Assert.InRange(median.BytesPerSecond, OldCap * 2, NewCap * 1.1);

        var done = await JobWait.MigrationAsync(migrations, id);
        Assert.Equal(JobStatus.Succeeded, done.Status);
        Assert.Equal(NewCap, done.MaxBytesPerSecond);
        Assert.Null(links.Find(id));
    }
}
