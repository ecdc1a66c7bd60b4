using System.Net.Http.Headers;
using HarborDouble;
using Registry.Testing;
using Web.Tests.Api;
using Web.Tests.EndToEnd;

namespace Web.Tests.Faults;

/// <summary>
/// The app is killed with SIGKILL in the middle of a migration and started again on the same data folder: the migration
/// resumes by itself, finishes and verifies, and no blob the target had committed before the kill is sent again. The
/// app is a real process started through the automation API; the target is the Harbor double, whose request log counts
/// every committed upload.
/// </summary>
public sealed class CrashTests
{
    private const int Repositories = 6;

    [Fact]
    public async Task Migration_AppKilledMidRun_ResumesAfterRestartAndSendsNoCommittedBlobAgain()
    {
        await using var registry = await RegistryProcess.StartAsync();
        using (var push = new ImagePusher(registry.BaseUri))
        {
            // A layer every repository shares (mounted after its first upload), and one of its own per repository.
            var shared = new LayerSpec(900, 1 << 20);
            for (var i = 1; i <= Repositories; i++)
                await push.PushImageAsync($"crash/app{i}", "1", new ImageSpec([shared, new LayerSpec(900 + i, 1 << 20)]));
        }
        await using var harbor = await HarborDoubleServer.StartAsync(new HarborDoubleOptions { FailedLoginDelay = TimeSpan.FromMilliseconds(20) });
        await using var app = new DashboardProcess();
        await app.StartAsync();
        using var api = new HttpClient { BaseAddress = app.BaseUri };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", DashboardProcess.ApiToken);
        var source = await ApiCalls.CreateAsync(api, "/api/connections", new { name = "old", role = "source", location = registry.StorageRoot });
        var target = await ApiCalls.AddHarborTargetAsync(api, harbor);
        // Manifests are held at the target until the kill, so the kill lands mid-run however fast the machine is.
        var hold = harbor.HoldManifestPuts();
        var id = (await ApiCalls.CreateAsync(api, "/api/migrations", new { sourceId = source, targetId = target, concurrency = 2 })).ToString();

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (harbor.Requests.CommittedDigests().Count < 3 && DateTime.UtcNow < deadline) await Task.Delay(10);
        app.Kill();
        hold.SetResult();
        var before = harbor.Requests.CommittedDigests();
        Assert.True(before.Count >= 3, $"only {before.Count} blobs were committed within a minute");
        Assert.Equal("ok", await SqliteIntegrity.CheckAsync(Path.Combine(app.DataFolder, "dashboard.db")));

        await app.StartAsync();
        var done = await ApiCalls.WaitForEndAsync(api, $"/api/migrations/{id}", 120);

        Assert.Equal("Succeeded", done.GetProperty("status").GetString());
        Assert.True(done.GetProperty("verified").GetBoolean());
        Assert.Equal(Repositories, done.GetProperty("imagesDone").GetInt32());
        Assert.Equal(0, done.GetProperty("imagesFailed").GetInt32());
        var after = harbor.Requests.CommittedDigests();
        Assert.True(after.Count > before.Count, "nothing was uploaded after the restart: the kill did not land mid-run");
        Assert.All(before, pair => Assert.True(after[pair.Key] == 1, $"{pair.Key} was committed before the kill and sent again after it"));
        for (var i = 1; i <= Repositories; i++) Assert.NotNull(harbor.FindDigest($"crash/app{i}", "1"));
    }
}
