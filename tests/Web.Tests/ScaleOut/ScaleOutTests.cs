using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using HarborDouble;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Registry.Testing;
using Web.Data;
using Web.Tests.Api;
using Web.Tests.EndToEnd;
using Xunit.Abstractions;

namespace Web.Tests.ScaleOut;

/// <summary>
/// Scale-out on real parts: PostgreSQL from Debian as Hangfire's storage, a real docker-registry as the source, the
/// Harbor double as the target, and three app processes (a web node, two workers) sharing one data folder. A migration
/// started through the web node's API is copied by both workers, sends each shared blob once, and the web node shows
/// its progress while it runs.
/// </summary>
public sealed class ScaleOutTests(ITestOutputHelper output)
{
    private const int Repositories = 8, TagsPerRepository = 2;
    private static readonly LayerSpec SharedBase = new(500, 2_000_000);
    private static readonly LayerSpec[] TeamLayers = [new(501, 400_000), new(502, 400_000)];

    [Fact]
    public async Task Migration_OnTwoWorkersAndAWebNode_SplitsTheWorkSendsSharedBlobsOnceAndShowsLiveProgress()
    {
        var clock = Stopwatch.StartNew();
        // Independent parts start side by side: the app processes take longest.
        var registryUp = StartSourceAsync();
        var harborUp = HarborDoubleServer.StartAsync(new HarborDoubleOptions { FailedLoginDelay = TimeSpan.FromMilliseconds(20) });
        var clusterUp = ScaleOutCluster.StartAsync();
        await Task.WhenAll(registryUp, harborUp, clusterUp).ContinueWith(_ => { });
        if (!(registryUp.IsCompletedSuccessfully && harborUp.IsCompletedSuccessfully && clusterUp.IsCompletedSuccessfully))
        {
            // Leave no process behind when one part failed to start.
            if (registryUp.IsCompletedSuccessfully) await (await registryUp).DisposeAsync();
            if (harborUp.IsCompletedSuccessfully) await (await harborUp).DisposeAsync();
            if (clusterUp.IsCompletedSuccessfully) await (await clusterUp).DisposeAsync();
            await Task.WhenAll(registryUp, harborUp, clusterUp);
        }
        await using var registry = await registryUp;
        await using var harbor = await harborUp;
        await using var cluster = await clusterUp;
        output.WriteLine($"registry with images, harbor, postgres and 3 nodes up after {clock.Elapsed.TotalSeconds:0.0} s");

        using var api = new HttpClient { BaseAddress = cluster.Web.BaseUri, Timeout = TimeSpan.FromSeconds(30) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", DashboardProcess.ApiToken);
        var sourceId = await ApiCalls.CreateAsync(api, "/api/connections", new { name = "old", role = "source", location = registry.StorageRoot }, HttpStatusCode.Created, HttpStatusCode.Accepted);
        var targetId = await ApiCalls.CreateAsync(api, "/api/connections", new
        {
            name = "harbor", role = "target", location = harbor.BaseUri.ToString(), username = harbor.AdminUser, password = harbor.AdminPassword, insecure = false,
        }, HttpStatusCode.Created, HttpStatusCode.Accepted);
        // An outside listener on the web node's hub, as the README offers.
        var pushed = new ConcurrentQueue<(JobStatus Status, int ImagesDone)>();
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(cluster.Web.BaseUri, "hubs/jobs"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(DashboardProcess.ApiToken)).Build();
        hub.On<JsonElement>("SnapshotUpdated", s => pushed.Enqueue((ReadStatus(s.GetProperty("status")), s.GetProperty("imagesDone").GetInt32())));
        await hub.StartAsync();
        var started = clock.Elapsed;
        var migrationId = await ApiCalls.CreateAsync(api, "/api/migrations", new { sourceId, targetId, concurrency = 4, createProjects = true, verify = true }, HttpStatusCode.Created, HttpStatusCode.Accepted);
        await hub.InvokeAsync("Watch", migrationId);

        // Watch from the web node, which runs no job: what it shows can only come through the shared database.
        var seen = new List<Progress>();
        Progress last;
        var deadline = DateTime.UtcNow.AddSeconds(120);
        do
        {
            await Task.Delay(100);
            last = await api.GetFromJsonAsync<Progress>($"/api/migrations/{migrationId}", Json) ?? throw new InvalidOperationException("no body");
            seen.Add(last);
        }
        while (last.Status is "Queued" or "Running" && DateTime.UtcNow < deadline);
        output.WriteLine($"migration {migrationId}: {last.Status} after {(clock.Elapsed - started).TotalSeconds:0.0} s, {seen.Count} polls of the web node");

        const int images = Repositories * TagsPerRepository;
        Assert.True(last.Status == "Succeeded", $"status {last.Status}: {last.Error}\n{Tail(cluster)}");
        Assert.True(last.Verified);
        Assert.Equal((images, images, 0), (last.ImagesTotal, last.ImagesDone, last.ImagesFailed));

        // Live on the web node: counters seen part-way while the workers were still copying, and never going back.
        Assert.Contains(seen, p => p.Status == "Running" && p.ImagesDone > 0 && p.ImagesDone < images);
        Assert.True(seen.Zip(seen.Skip(1)).All(pair => pair.Second.ImagesDone >= pair.First.ImagesDone), "images done went backwards");
        // The same through the web node's SignalR hub, fed from the shared database, ending with the finished run.
        for (var wait = 0; wait < 50 && !pushed.Any(p => p.Status == JobStatus.Succeeded); wait++) await Task.Delay(100);
        Assert.Contains(pushed, p => p.Status == JobStatus.Running && p.ImagesDone > 0 && p.ImagesDone < images);
        Assert.Equal((JobStatus.Succeeded, images), pushed.Last());
        output.WriteLine($"{pushed.Count} snapshots pushed by the web node's hub");

        // The repositories were split across both workers, and the web node copied nothing.
        await using (var db = cluster.OpenDatabase())
        {
            var rows = await db.MigrationRepositories.AsNoTracking().Where(r => r.MigrationId == migrationId).ToListAsync();
            Assert.Equal(Repositories, rows.Count);
            output.WriteLine(string.Join(", ", rows.Select(r => $"{r.SourceRepository} on {r.Worker}")));
            Assert.Equal(["worker-1", "worker-2"], rows.Select(r => r.Worker).Distinct().Order());
        }
        var logs = cluster.Workers.ToDictionary(w => w, w => JobLogLine.Parse(w.Output));
        Assert.Empty(JobLogLine.Parse(cluster.Web.Output));
        Assert.All(logs.Values, lines => Assert.Contains(lines, l => l.EventId == JobLogLine.RepositoryJobStarted));

        // One structured line per job event, with the migration id and the image as properties.
        var all = logs.Values.SelectMany(l => l).ToList();
        Assert.All(all, l => Assert.Equal(migrationId.ToString(), l["MigrationId"]));
        Assert.Equal(Repositories, all.Count(l => l.EventId == JobLogLine.RepositoryJobStarted));
        Assert.Equal(Repositories, all.Count(l => l.EventId == JobLogLine.RepositoryJobFinished));
        var copied = all.Where(l => l.EventId == JobLogLine.ImageCopied).Select(l => l["Image"]).Order().ToList();
        Assert.Equal(Enumerable.Range(0, Repositories).SelectMany(r => Enumerable.Range(1, TagsPerRepository).Select(t => $"{Repository(r)}:v{t}")).Order(), copied);

        // Each blob was sent to the target once, whichever worker needed it first; everywhere else it was mounted.
        var committed = harbor.Requests.CommittedDigests();
        Assert.All(committed, pair => Assert.True(pair.Value == 1, $"{pair.Key} uploaded {pair.Value} times"));
        Assert.Equal(1, committed[Digest(SharedBase)]);
        Assert.Equal(all.Count(l => l.EventId == JobLogLine.BlobUploaded), committed.Values.Sum());
        Assert.Equal(all.Count(l => l.EventId == JobLogLine.BlobMounted), harbor.Requests.Mounts());
        Assert.All(TeamLayers.Append(SharedBase), layer => Assert.Single(all, l => l.EventId == JobLogLine.BlobUploaded && l["Digest"] == Digest(layer)));
        output.WriteLine($"{committed.Count} blobs uploaded once each, {harbor.Requests.Mounts()} mounts; whole test {clock.Elapsed.TotalSeconds:0.0} s");
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed record Progress(int Id, string Status, int ImagesTotal, int ImagesDone, int ImagesFailed, long BytesTotal, long BytesDone,
        bool? Verified, string? Error);

    /// <summary>Two projects of four repositories; every image holds the shared base, its team's layer and one of its own.</summary>
    private static async Task<RegistryProcess> StartSourceAsync()
    {
        var registry = await RegistryProcess.StartAsync();
        using var push = new ImagePusher(registry.BaseUri);
        for (var r = 0; r < Repositories; r++)
        {
            for (var t = 1; t <= TagsPerRepository; t++)
                await push.PushImageAsync(Repository(r), $"v{t}", new ImageSpec([SharedBase, TeamLayers[r % 2], new(600 + r * 10 + t, 150_000)]));
        }
        return registry;
    }

    private static string Repository(int index) => $"{(index % 2 == 0 ? "team-a" : "team-b")}/service{index}";

    private static string Digest(LayerSpec layer) => ImagePusher.Digest(SeededStream.Bytes(layer.Seed, (int)layer.Size));

    private static JobStatus ReadStatus(JsonElement status) =>
        status.ValueKind == JsonValueKind.Number ? (JobStatus)status.GetInt32() : Enum.Parse<JobStatus>(status.GetString()!);

    private static string Tail(ScaleOutCluster cluster) =>
        string.Join("\n", cluster.Workers.Append(cluster.Web).SelectMany(n => n.Output.TakeLast(15)));
}
