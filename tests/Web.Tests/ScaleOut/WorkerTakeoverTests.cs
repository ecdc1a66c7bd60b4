using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using HarborDouble;
using Microsoft.EntityFrameworkCore;
using Registry.Testing;
using Web.Data;
using Web.Tests.Api;
using Web.Tests.EndToEnd;
using Xunit.Abstractions;

namespace Web.Tests.ScaleOut;

/// <summary>
/// A worker dies mid-repository: two workers and a web node on PostgreSQL, and the worker copying a repository gets
/// SIGKILL after it committed that repository's blobs (manifests are held at the Harbor double until then). With a
/// short <c>Hangfire:WorkerTimeoutSeconds</c>, the other worker takes the repository over, the migration ends
/// Succeeded and verified, nothing committed before the kill is sent again, and the web node's job data shows the move.
/// </summary>
public sealed class WorkerTakeoverTests(ITestOutputHelper output)
{
    private const int Repositories = 4;
    private const int WorkerTimeoutSeconds = 6;
    private static readonly LayerSpec SharedBase = new(800, 1_000_000);

    [Fact]
    public async Task Worker_KilledMidRepository_TheOtherTakesItOverAndNothingCommittedIsSentAgain()
    {
        await using var registry = await RegistryProcess.StartAsync();
        using (var push = new ImagePusher(registry.BaseUri))
            for (var r = 1; r <= Repositories; r++)
                await push.PushImageAsync($"fleet/service{r}", "1", new ImageSpec([SharedBase, new LayerSpec(800 + r, 600_000)]));
        await using var harbor = await HarborDoubleServer.StartAsync(new HarborDoubleOptions { FailedLoginDelay = TimeSpan.FromMilliseconds(20) });
        await using var cluster = await ScaleOutCluster.StartAsync(new Dictionary<string, string> { ["Hangfire__WorkerTimeoutSeconds"] = $"{WorkerTimeoutSeconds}" });
        using var api = new HttpClient { BaseAddress = cluster.Web.BaseUri, Timeout = TimeSpan.FromSeconds(30) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", DashboardProcess.ApiToken);
        var sourceId = await ApiCalls.CreateAsync(api, "/api/connections", new { name = "old", role = "source", location = registry.StorageRoot });
        var targetId = await ApiCalls.AddHarborTargetAsync(api, harbor);
        var hold = harbor.HoldManifestPuts();
        var migrationId = await ApiCalls.CreateAsync(api, "/api/migrations", new { sourceId, targetId, concurrency = 2, createProjects = true, verify = true });

        // Both workers busy, each held at its repository's manifest with that repository's blobs committed.
        var (victim, repository) = await WaitForBothWorkersHeldAsync(cluster, migrationId, harbor);
        var dead = cluster.Workers.Single(w => w.Environment["Dashboard__InstanceName"] == victim);
        var survivor = cluster.Workers.Single(w => w != dead).Environment["Dashboard__InstanceName"];
        var before = harbor.Requests.CommittedDigests();
        dead.Kill();
        var killedAt = Stopwatch.StartNew();
        hold.SetResult();
        output.WriteLine($"killed {victim} while it copied {repository}; {before.Count} blobs committed before the kill");

        var done = await ApiCalls.WaitForEndAsync(api, $"/api/migrations/{migrationId}", 180);
        output.WriteLine($"migration ended {killedAt.Elapsed.TotalSeconds:0.0} s after the kill");

        Assert.True(done.GetProperty("status").GetString() == "Succeeded", done.ToString());
        Assert.True(done.GetProperty("verified").GetBoolean());
        Assert.Equal((Repositories, 0), (done.GetProperty("imagesDone").GetInt32(), done.GetProperty("imagesFailed").GetInt32()));
        var moved = done.GetProperty("repositories").EnumerateArray().Single(r => r.GetProperty("repository").GetString() == repository);
        Assert.Equal(survivor, moved.GetProperty("worker").GetString());
        Assert.Equal(victim, moved.GetProperty("takenOverFrom").GetString());
        var after = harbor.Requests.CommittedDigests();
        Assert.All(before, pair => Assert.True(after[pair.Key] == 1, $"{pair.Key} was committed before the kill and sent again after it"));
        Assert.All(after, pair => Assert.True(pair.Value == 1, $"{pair.Key} uploaded {pair.Value} times"));
        for (var r = 1; r <= Repositories; r++) Assert.NotNull(harbor.FindDigest($"fleet/service{r}", "1"));
        Assert.Contains(JobLogLine.Parse(cluster.Workers.Single(w => w != dead).Output),
            line => line.EventId == JobLogLine.RepositoryJobTakenOver && line["Repository"] == repository && line["Owner"] == victim);
        // The README promises a takeover within about twice the timeout; the bound leaves room for a slow machine.
        Assert.True(killedAt.Elapsed < TimeSpan.FromSeconds(WorkerTimeoutSeconds * 10), $"the takeover took {killedAt.Elapsed}");
    }

    private static async Task<(string Worker, string Repository)> WaitForBothWorkersHeldAsync(ScaleOutCluster cluster, long migrationId, HarborDoubleServer harbor)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            List<MigrationRepositoryEntity> running;
            await using (var db = cluster.OpenDatabase())
                running = await db.MigrationRepositories.AsNoTracking()
                    .Where(r => r.MigrationId == migrationId && r.Status == JobStatus.Running && r.Worker != null).ToListAsync();
            // Each running repository's own layer, and the shared base, committed: the job waits at its manifest.
            var committed = harbor.Requests.CommittedDigests();
            if (running.Select(r => r.Worker).Distinct().Count() == 2 && committed.Count >= 3)
                return (running[0].Worker!, running[0].SourceRepository);
        }
        throw new TimeoutException("the two workers were not both holding a repository within 90 s:\n" +
            string.Join("\n", cluster.Workers.SelectMany(w => w.Output.TakeLast(10))));
    }
}
