using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HarborDouble;
using Registry.Testing;
using Web.Tests.Api;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Web.Features.Plans;

namespace Web.Tests.Plans;

/// <summary>Plans in the real app: a live source registry that keeps changing between runs, the Harbor double as the
/// target, every call through the API as a script makes it.</summary>
public sealed class PlanTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task Sync_FollowsTheSource_DeletesOnlyWhenConfirmed_ThenCutsOverWithARecord()
    {
        await using var registry = await RegistryProcess.StartAsync();
        using var pusher = new ImagePusher(registry.BaseUri);
        var one = await pusher.PushImageAsync("team/app", "1.0", new ImageSpec([new LayerSpec(701, 4096)]));
        await pusher.PushManifestAsync("team/app", "latest", one.Bytes, one.MediaType);
        var old = await pusher.PushImageAsync("team/app", "old", new ImageSpec([new LayerSpec(702, 4096)]));
        await using var harbor = await HarborDoubleServer.StartAsync(new HarborDoubleOptions { FailedLoginDelay = TimeSpan.FromMilliseconds(20) });
        using var api = factory.CreateApiClient();
        var (sourceId, targetId) = await ConnectionsAsync(api, "plan-a", registry, harbor);
        var plan = await ApiCalls.CreateAsync(api, "/api/plans", new
        {
            name = "team cutover", migration = new { sourceId, targetId }, mirrorDeletions = true, sourceReferenceHost = "old-registry:5000",
        }, HttpStatusCode.Created);
        Assert.True((await GetAsync(api, $"/api/plans/{plan}/delta")).GetProperty("firstRun").GetBoolean());

        var first = await RunAsync(api, plan);
        Assert.Equal(("Succeeded", true), (first.GetProperty("status").GetString(), first.GetProperty("verified").GetBoolean()));

        // The team keeps pushing: a new tag, a moved tag, an image deleted.
        var two = await pusher.PushImageAsync("team/app", "2.0", new ImageSpec([new LayerSpec(703, 4096)]));
        await pusher.PushManifestAsync("team/app", "latest", two.Bytes, two.MediaType);
        await pusher.DeleteManifestAsync("team/app", old.Digest);
        var preview = (await GetAsync(api, $"/api/plans/{plan}/delta")).GetProperty("delta");
        Assert.Equal((1, 1, 1), (preview.GetProperty("added").GetInt32(), preview.GetProperty("moved").GetInt32(), preview.GetProperty("deleted").GetInt32()));

        // Not confirmed: the tag stays on the target, and the run's delta says what changed.
        var second = await RunAsync(api, plan);
        Assert.Equal("Succeeded", second.GetProperty("status").GetString());
        Assert.Equal(two.Digest, harbor.FindDigest("team/app", "latest"));
        Assert.Equal(two.Digest, harbor.FindDigest("team/app", "2.0"));
        Assert.Equal(old.Digest, harbor.FindDigest("team/app", "old"));
        var runs = (await GetAsync(api, $"/api/plans/{plan}")).GetProperty("runs");
        Assert.Equal(1, runs[0].GetProperty("delta").GetProperty("deleted").GetInt32());
        // Pending deletions keep the delta open: the cutover refuses.
        var refused = await PostAsync(api, $"/api/plans/{plan}/cutover", new { sourceFrozen = true });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("changed since the final sync", await refused.Content.ReadAsStringAsync());

        // Confirmed: deleted on the target through Harbor's tag API. Runs of one plan never overlap.
        var third = await ApiCalls.CreateAsync(api, $"/api/plans/{plan}/runs", new { confirmDeletions = true }, HttpStatusCode.Accepted);
        using (var overlap = await PostAsync(api, $"/api/plans/{plan}/runs", new { }))
            Assert.Equal(HttpStatusCode.Conflict, overlap.StatusCode);
        var thirdState = await ApiCalls.WaitForEndAsync(api, $"/api/migrations/{third}");
        Assert.Equal("Succeeded", thirdState.GetProperty("status").GetString());
        Assert.Null(harbor.FindDigest("team/app", "old"));

        // A storage folder cannot be proven frozen: a person confirms it.
        using (var unconfirmed = await PostAsync(api, $"/api/plans/{plan}/cutover", new { sourceFrozen = false }))
        {
            Assert.Equal(HttpStatusCode.Conflict, unconfirmed.StatusCode);
            Assert.Contains("source is not frozen", await unconfirmed.Content.ReadAsStringAsync());
        }
        using var done = await PostAsync(api, $"/api/plans/{plan}/cutover", new { sourceFrozen = true });
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        var record = await GetAsync(api, $"/api/plans/{plan}/cutover-record");
        var csv = await api.GetByteArrayAsync($"/api/plans/{plan}/cutover-record?format=csv");
        var hash = Convert.ToHexStringLower(SHA256.HashData(csv));
        Assert.Equal(hash, record.GetProperty("listSha256").GetString());
        Assert.Equal(hash, (await GetAsync(api, $"/api/plans/{plan}")).GetProperty("plan").GetProperty("cutoverRecordSha256").GetString());
        Assert.Equal(third, record.GetProperty("finalRunId").GetInt32());
        Assert.Equal(3, record.GetProperty("tags").GetInt32());
        var lines = Encoding.UTF8.GetString(csv).TrimEnd('\n').Split('\n');
        Assert.Equal("old_reference,new_reference,digest", lines[0]);
        var target = harbor.BaseUri.Authority;
        Assert.Equal([$"old-registry:5000/team/app:1.0,{target}/team/app:1.0,{one.Digest}", $"old-registry:5000/team/app:2.0,{target}/team/app:2.0,{two.Digest}",
            $"old-registry:5000/team/app:latest,{target}/team/app:latest,{two.Digest}"], lines[1..]);

        // The pages as a person sees them, and what the final run's share view shows.
        using var pages = new PlanPages(factory);
        var planPage = pages.Render<PlanPage>(p => p.Add(x => x.Id, plan));
        planPage.WaitForAssertion(() => Assert.Equal("team cutover", planPage.Find("[data-testid=plan-name]").TextContent.Trim()));
        Assert.Contains("1 added, 1 moved, 1 deleted on the source, 0 new untagged", planPage.Find("[data-testid=plan-runs]").TextContent);
        var cutoverPage = pages.Render<CutoverPage>(p => p.Add(x => x.Id, plan));
        cutoverPage.WaitForAssertion(() => Assert.Equal(hash, cutoverPage.Find("[data-testid=cutover-sha256]").TextContent.Trim()));
        Assert.Equal("3", cutoverPage.Find("[data-testid=cutover-tags]").TextContent);
        Assert.Equal(hash, (await factory.Services.GetRequiredService<CutoverService>().RecordOfRunAsync(third))?.ListSha256);
    }

    [Fact]
    public async Task Schedule_RunsByItself_InWords_AndNeverOverlapsARunningSync()
    {
        await using var registry = await RegistryProcess.StartAsync();
        using (var pusher = new ImagePusher(registry.BaseUri))
            await pusher.PushImageAsync("sched/app", "1", new ImageSpec([new LayerSpec(711, 3 << 20)]));
        await using var harbor = await HarborDoubleServer.StartAsync(new HarborDoubleOptions { FailedLoginDelay = TimeSpan.FromMilliseconds(20) });
        using var api = factory.CreateApiClient();
        var (sourceId, targetId) = await ConnectionsAsync(api, "plan-b", registry, harbor);
        // About 6 s a run at this cap, longer than the schedule's step: the next firings must be skipped.
        var plan = await ApiCalls.CreateAsync(api, "/api/plans", new
        {
            name = "every few seconds", migration = new { sourceId, targetId, maxBytesPerSecond = 512 * 1024 },
        }, HttpStatusCode.Created);

        using (var bad = await api.PutAsJsonAsync($"/api/plans/{plan}/schedule", new { cron = "every hour" }))
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var hourly = await (await api.PutAsJsonAsync($"/api/plans/{plan}/schedule", new { cron = "*/15 * * * *" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("every 15 minutes", hourly.GetProperty("scheduleText").GetString());
        Assert.Equal(3, hourly.GetProperty("nextRuns").GetArrayLength());
        await api.PutAsJsonAsync($"/api/plans/{plan}/schedule", new { cron = "*/2 * * * * *" });

        var deadline = DateTime.UtcNow.AddSeconds(60);
        var mostAtOnce = 0;
        JsonElement runs;
        do
        {
            await Task.Delay(200);
            runs = (await GetAsync(api, $"/api/plans/{plan}")).GetProperty("runs");
            mostAtOnce = Math.Max(mostAtOnce, runs.EnumerateArray().Count(r => r.GetProperty("status").GetString() is "Queued" or "Running"));
        }
        while (!(runs.GetArrayLength() >= 2 && runs[1].GetProperty("status").GetString() == "Succeeded") && DateTime.UtcNow < deadline);
        await api.PutAsJsonAsync($"/api/plans/{plan}/schedule", new { cron = (string?)null });
        // A run the schedule started before it was removed ends before the registries go: a run left copying from a
        // stopped registry would hold the app's repository worker for the next test.
        runs = await WaitForNoActiveRunAsync(api, plan);

        Assert.True(runs.GetArrayLength() >= 2, $"the schedule started {runs.GetArrayLength()} runs in 60 s");
        Assert.Equal(1, mostAtOnce);
        Assert.All(runs.EnumerateArray(), r => Assert.Equal("schedule", r.GetProperty("startedBy").GetString()));
        var view = (await GetAsync(api, $"/api/plans/{plan}")).GetProperty("plan");
        Assert.Equal(JsonValueKind.Null, view.GetProperty("schedule").ValueKind);
        // The second run is a sync of an unchanged source: an empty delta, nothing sent.
        var second = runs[runs.GetArrayLength() - 2];
        Assert.Equal(0, second.GetProperty("delta").GetProperty("changes").GetArrayLength());
        Assert.Equal(0, second.GetProperty("bytesDone").GetInt64());
    }

    [Fact]
    public async Task FreezeCheck_ProvesAnHttpSourceRefusesPushes_OnlyOnceItIsReadOnly()
    {
        var storage = Directory.CreateTempSubdirectory("frozen-").FullName;
        try
        {
            await using (var live = await RegistryProcess.StartAsync(new RegistryProcessOptions { StorageRoot = storage }))
            {
                using var pusher = new ImagePusher(live.BaseUri);
                await pusher.PushImageAsync("frozen/app", "1", new ImageSpec([new LayerSpec(721, 1024)]));
            }
            await using var harbor = await HarborDoubleServer.StartAsync(new HarborDoubleOptions { FailedLoginDelay = TimeSpan.FromMilliseconds(20) });
            using var api = factory.CreateApiClient();
            var cutover = factory.Services.GetRequiredService<CutoverService>();

            await using (var live = await RegistryProcess.StartAsync(new RegistryProcessOptions { StorageRoot = storage }))
            {
                var plan = await HttpPlanAsync(api, "freeze-live", live, harbor);
                var open = await cutover.CheckFreezeAsync(plan);
                Assert.Equal((false, true), (open.Frozen, open.Proven));
                Assert.Contains("still accepts pushes", open.Detail);
            }
            await using var frozen = await RegistryProcess.StartAsync(new RegistryProcessOptions { StorageRoot = storage, ReadOnly = true });
            var frozenPlan = await HttpPlanAsync(api, "freeze-frozen", frozen, harbor);
            var check = await cutover.CheckFreezeAsync(frozenPlan);
            Assert.True(check.Frozen, check.Detail);
            Assert.True(check.Proven);
            Assert.Contains("refuses pushes", check.Detail);
        }
        finally
        {
            Directory.Delete(storage, recursive: true);
        }
    }

    private static async Task<int> HttpPlanAsync(HttpClient api, string name, RegistryProcess registry, HarborDoubleServer harbor)
    {
        var sourceId = await ApiCalls.CreateAsync(api, "/api/connections", new { name = $"{name}-source", role = "source", location = registry.BaseUri.ToString() });
        var targetId = await ApiCalls.CreateAsync(api, "/api/connections", new
        {
            name = $"{name}-target", role = "target", location = harbor.BaseUri.ToString(), username = harbor.AdminUser, password = harbor.AdminPassword,
        });
        return await ApiCalls.CreateAsync(api, "/api/plans", new { name, migration = new { sourceId, targetId } }, HttpStatusCode.Created);
    }

    /// <summary>The plan pages rendered with the running app's own services, signed in.</summary>
    private sealed class PlanPages : DashboardTestContext
    {
        public PlanPages(DashboardFactory factory)
        {
            Use(factory.Services.GetRequiredService<PlanService>());
            Use(factory.Services.GetRequiredService<CutoverService>());
            AddAuthorization().SetAuthorized("admin");
        }
    }

    private static async Task<(int Source, int Target)> ConnectionsAsync(HttpClient api, string prefix, RegistryProcess registry, HarborDoubleServer harbor) =>
        (await ApiCalls.CreateAsync(api, "/api/connections", new { name = $"{prefix}-source", role = "source", location = registry.StorageRoot }),
         await ApiCalls.CreateAsync(api, "/api/connections", new
         {
             name = $"{prefix}-target", role = "target", location = harbor.BaseUri.ToString(), username = harbor.AdminUser, password = harbor.AdminPassword,
         }));

    private static async Task<JsonElement> RunAsync(HttpClient api, int plan)
    {
        var id = await ApiCalls.CreateAsync(api, $"/api/plans/{plan}/runs", new { }, HttpStatusCode.Accepted);
        return await ApiCalls.WaitForEndAsync(api, $"/api/migrations/{id}");
    }

    private static async Task<JsonElement> WaitForNoActiveRunAsync(HttpClient api, int plan)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var runs = (await GetAsync(api, $"/api/plans/{plan}")).GetProperty("runs");
            if (!runs.EnumerateArray().Any(r => r.GetProperty("status").GetString() is "Queued" or "Running")) return runs;
            Assert.True(DateTime.UtcNow < deadline, "a scheduled run did not end within 60 s");
            await Task.Delay(200);
        }
    }

    private static async Task<JsonElement> GetAsync(HttpClient api, string path) => JsonDocument.Parse(await api.GetStringAsync(path)).RootElement.Clone();

    private static Task<HttpResponseMessage> PostAsync(HttpClient api, string path, object body) => api.PostAsJsonAsync(path, body);

}
