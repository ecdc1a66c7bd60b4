using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using HarborDouble;
using Registry.Testing;

namespace Web.Tests.Api;

/// <summary>The automation API as a script uses it: a bearer token, JSON in and out, against a real registry and the
/// Harbor double.</summary>
public sealed class ApiTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task Api_ConnectScanMigrateShareAndReport_EndToEnd()
    {
        await using var registry = await RegistryProcess.StartAsync();
        using (var push = new ImagePusher(registry.BaseUri))
        {
            var shared = new LayerSpec(21, 30_000);
            await push.PushImageAsync("team/web", "1", new ImageSpec([shared, new LayerSpec(22, 5_000)]));
            await push.PushImageAsync("team/worker", "1", new ImageSpec([shared, new LayerSpec(23, 5_000)]));
        }
        await using var harbor = await HarborDoubleServer.StartAsync(new HarborDoubleOptions { FailedLoginDelay = TimeSpan.FromMilliseconds(20) });
        using var api = factory.CreateApiClient();

        var source = await ApiCalls.PostAsync(api, "/api/connections", new { name = "old", role = "source", location = registry.StorageRoot }, HttpStatusCode.Created);
        var target = await ApiCalls.PostAsync(api, "/api/connections", new
        {
            name = "harbor", role = "target", location = harbor.BaseUri.ToString(), username = harbor.AdminUser, password = harbor.AdminPassword,
        }, HttpStatusCode.Created);
        var tested = await ApiCalls.PostAsync(api, $"/api/connections/{target.GetProperty("id").GetInt32()}/test", new { }, HttpStatusCode.OK);
        Assert.True(tested.GetProperty("ok").GetBoolean(), tested.ToString());
        // Without a login, the message says where to give one in the dashboard (not the CLI's environment variables).
        var anonymous = await ApiCalls.PostAsync(api, "/api/connections", new { name = "harbor-anonymous", role = "target", location = harbor.BaseUri.ToString() }, HttpStatusCode.Created);
        var refused = await ApiCalls.PostAsync(api, $"/api/connections/{anonymous.GetProperty("id").GetInt32()}/test", new { }, HttpStatusCode.OK);
        Assert.False(refused.GetProperty("ok").GetBoolean());
        Assert.Contains("edit the connection 'harbor-anonymous' on the Connections page and give its username and password", refused.ToString());
        // Edited through the API (a rotated robot password, say): the login given, the test passes, and a PUT that leaves the
        // password out keeps it.
        var anonymousId = anonymous.GetProperty("id").GetInt32();
        using (var edited = await api.PutAsJsonAsync($"/api/connections/{anonymousId}", new
               {
                   name = "harbor-anonymous", role = "target", location = harbor.BaseUri.ToString(), username = harbor.AdminUser, password = harbor.AdminPassword,
               }))
            Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        using (var renamed = await api.PutAsJsonAsync($"/api/connections/{anonymousId}", new { name = "harbor-2", role = "target", location = harbor.BaseUri.ToString(), username = harbor.AdminUser }))
            Assert.Contains("\"hasPassword\":true", await renamed.Content.ReadAsStringAsync());
        var accepted = await ApiCalls.PostAsync(api, $"/api/connections/{anonymousId}/test", new { }, HttpStatusCode.OK);
        Assert.True(accepted.GetProperty("ok").GetBoolean(), accepted.ToString());
        await AssertProblemAsync(await api.PutAsJsonAsync("/api/connections/9999", new { name = "x", role = "source", location = "/srv" }), HttpStatusCode.NotFound,
            "connection 9999 does not exist");
        var listed = await api.GetStringAsync("/api/connections");
        Assert.Contains("\"hasPassword\":true", listed);
        Assert.DoesNotContain(harbor.AdminPassword, listed);

        var scan = await ApiCalls.PostAsync(api, "/api/scans", new { connectionId = source.GetProperty("id").GetInt32() }, HttpStatusCode.Accepted);
        var scanned = await ApiCalls.WaitForEndAsync(api, $"/api/scans/{scan.GetProperty("id").GetInt32()}");
        Assert.Equal("Succeeded", scanned.GetProperty("status").GetString());
        Assert.Equal(2, scanned.GetProperty("tags").GetInt32());
        using (var inventory = JsonDocument.Parse(await api.GetStringAsync($"/api/scans/{scan.GetProperty("id").GetInt32()}/inventory")))
            Assert.Equal(2, inventory.RootElement.GetProperty("repositories").GetArrayLength());
        // Paged: one row per page, the total of all of them, and the second page holds the other tag.
        using (var first = JsonDocument.Parse(await api.GetStringAsync($"/api/scans/{scan.GetProperty("id").GetInt32()}/inventory?page=0&pageSize=1")))
        using (var second = JsonDocument.Parse(await api.GetStringAsync($"/api/scans/{scan.GetProperty("id").GetInt32()}/inventory?page=1&pageSize=1")))
        {
            Assert.Equal(2, first.RootElement.GetProperty("total").GetInt32());
            var rows = new[] { first, second }.Select(d => d.RootElement.GetProperty("rows").EnumerateArray().Single()).ToList();
            Assert.NotEqual(rows[0].GetProperty("repository").GetString(), rows[1].GetProperty("repository").GetString());
        }
        using (var tooBig = await api.GetAsync($"/api/scans/{scan.GetProperty("id").GetInt32()}/inventory?pageSize=100000"))
            Assert.Equal(HttpStatusCode.BadRequest, tooBig.StatusCode);

        var request = new { sourceId = source.GetProperty("id").GetInt32(), targetId = target.GetProperty("id").GetInt32(), createProjects = true };
        var plan = await ApiCalls.PostAsync(api, "/api/migrations/plan", request, HttpStatusCode.OK);
        Assert.Equal(2, plan.GetProperty("imagesToCopy").GetInt32());
        var started = await ApiCalls.PostAsync(api, "/api/migrations", request, HttpStatusCode.Accepted);
        var id = started.GetProperty("id").GetInt32();
        var done = await ApiCalls.WaitForEndAsync(api, $"/api/migrations/{id}");

        Assert.Equal("Succeeded", done.GetProperty("status").GetString());
        Assert.True(done.GetProperty("verified").GetBoolean());
        Assert.Equal(2, done.GetProperty("imagesDone").GetInt32());
        using (var report = JsonDocument.Parse(await api.GetStringAsync($"/api/migrations/{id}/report")))
            Assert.True(report.RootElement.GetProperty("verification").GetProperty("passed").GetBoolean());

        var share = await ApiCalls.PostAsync(api, $"/api/migrations/{id}/share", new { }, HttpStatusCode.Created);
        var shareUrl = new Uri(share.GetProperty("url").GetString()!);
        Assert.Matches("^/share/s_[A-Za-z0-9_-]{43}$", shareUrl.AbsolutePath);
        using var stranger = factory.CreateClient();
        using (var page = await stranger.GetAsync(shareUrl.AbsolutePath)) Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        using (var revoke = await api.DeleteAsync($"/api/shares/{share.GetProperty("id").GetInt32()}")) Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        using (var gone = await stranger.GetAsync(shareUrl.AbsolutePath)) Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);

        using var cancelFinished = await api.PostAsync($"/api/migrations/{id}/cancel", null);
        await AssertProblemAsync(cancelFinished, HttpStatusCode.Conflict, "already Succeeded");
    }

    [Fact]
    public async Task Api_BandwidthCap_SetAtStartChangedWhileRunningAndRefusedWhenBadOrFinished()
    {
        await using var registry = await RegistryProcess.StartAsync();
        using (var push = new ImagePusher(registry.BaseUri))
            await push.PushImageAsync("team/capped", "1", new ImageSpec([new LayerSpec(31, 20_000)]));
        await using var harbor = await HarborDoubleServer.StartAsync(new HarborDoubleOptions { FailedLoginDelay = TimeSpan.FromMilliseconds(20) });
        // Blobs flow, the image never finishes: the migration stays unfinished until the test lets it go.
        var manifests = harbor.HoldManifestPuts();
        using var api = factory.CreateApiClient();
        var sourceId = await ApiCalls.CreateAsync(api, "/api/connections", new { name = "capped-old", role = "source", location = registry.StorageRoot });
        var targetId = await ApiCalls.CreateAsync(api, "/api/connections", new
        {
            name = "capped-harbor", role = "target", location = harbor.BaseUri.ToString(), username = harbor.AdminUser, password = harbor.AdminPassword,
        });

        await AssertProblemAsync(await api.PostAsJsonAsync("/api/migrations", new { sourceId, targetId, maxBytesPerSecond = 0 }), HttpStatusCode.BadRequest,
            "must be more than 0 bytes a second");
        await AssertProblemAsync(await api.PostAsJsonAsync("/api/migrations", new { sourceId, targetId, concurrency = 257 }), HttpStatusCode.BadRequest,
            "between 1 and 256");
        var id = await ApiCalls.CreateAsync(api, "/api/migrations", new { sourceId, targetId, maxBytesPerSecond = 10 << 20 }, HttpStatusCode.Accepted);
        var path = $"/api/migrations/{id}";
        Assert.Equal(10 << 20, (await GetAsync(api, path)).GetProperty("maxBytesPerSecond").GetInt64());

        var changed = await PatchAsync(api, path, """{"maxBytesPerSecond": 20971520}""", HttpStatusCode.OK);
        Assert.Equal((id, 20971520L), (changed.GetProperty("id").GetInt32(), changed.GetProperty("maxBytesPerSecond").GetInt64()));
        Assert.Equal(20971520, (await GetAsync(api, path)).GetProperty("maxBytesPerSecond").GetInt64());
        Assert.Equal(5 << 20, (await PatchAsync(api, path, """{"maxBytesPerSecond": "5MiB"}""", HttpStatusCode.OK)).GetProperty("maxBytesPerSecond").GetInt64());
        Assert.Equal(JsonValueKind.Null, (await PatchAsync(api, path, """{"maxBytesPerSecond": null}""", HttpStatusCode.OK)).GetProperty("maxBytesPerSecond").ValueKind);

        foreach (var (body, detail) in new[]
        {
            ("""{"maxBytesPerSecond": -5}""", "must be more than 0 bytes a second"),
            ("""{"maxBytesPerSecond": 0}""", "must be more than 0 bytes a second"),
            ("""{"maxBytesPerSecond": 20}""", "would stall every transfer"),
            ("""{"maxBytesPerSecond": 1.5}""", "give a whole number of bytes a second"),
            ("""{"maxBytesPerSecond": "lots"}""", "'lots' is not a bandwidth cap"),
            ("""{"maxBytesPerSecond": true}""", "true is not a bandwidth cap"),
            ("""{"cap": 1000000}""", "maxBytesPerSecond"),
            ("{not json", "as JSON"),
        })
            await AssertProblemAsync(await PatchRawAsync(api, path, body), HttpStatusCode.BadRequest, detail);
        await AssertProblemAsync(await PatchRawAsync(api, "/api/migrations/9999", """{"maxBytesPerSecond": null}"""), HttpStatusCode.NotFound,
            "migration 9999 does not exist");
        Assert.Equal(JsonValueKind.Null, (await GetAsync(api, path)).GetProperty("maxBytesPerSecond").ValueKind);

        manifests.SetResult();
        Assert.Equal("Succeeded", (await ApiCalls.WaitForEndAsync(api, path)).GetProperty("status").GetString());
        await AssertProblemAsync(await PatchRawAsync(api, path, """{"maxBytesPerSecond": 20971520}"""), HttpStatusCode.Conflict,
            $"migration {id} has finished; its bandwidth cap can no longer change");
    }

    [Fact]
    public async Task Api_BadInput_AnswersProblemJsonThatSaysWhatIsWrong()
    {
        using var api = factory.CreateApiClient();

        await AssertProblemAsync(await api.GetAsync("/api/migrations/9999"), HttpStatusCode.NotFound, "migration 9999 does not exist");
        await AssertProblemAsync(await api.PostAsJsonAsync("/api/migrations", new { sourceId = 9998, targetId = 9999 }), HttpStatusCode.BadRequest,
            "source connection 9998 does not exist");
        await AssertProblemAsync(await api.PostAsJsonAsync("/api/connections", new { name = "t", role = "target", location = "/srv/registry" }),
            HttpStatusCode.BadRequest, "a Harbor target is an http(s):// URL");
        await AssertProblemAsync(await api.PostAsync("/api/connections", new StringContent("{not json", null, "application/json")),
            HttpStatusCode.BadRequest, "as JSON");
        await AssertProblemAsync(await api.PostAsJsonAsync("/api/scans", new { connectionId = 4242 }), HttpStatusCode.BadRequest,
            "connection 4242 does not exist");
        // A plan of a source folder that is not there: the caller's to fix, said as such, not a 500.
        var missing = Path.Combine(Path.GetTempPath(), $"no-registry-{Guid.NewGuid():N}");
        var gone = await ApiCalls.PostAsync(api, "/api/connections", new { name = "gone", role = "source", location = missing }, HttpStatusCode.Created);
        var nowhere = await ApiCalls.PostAsync(api, "/api/connections", new { name = "nowhere", role = "target", location = "http://127.0.0.1:9" }, HttpStatusCode.Created);
        await AssertProblemAsync(await api.PostAsJsonAsync("/api/migrations/plan",
                new { sourceId = gone.GetProperty("id").GetInt32(), targetId = nowhere.GetProperty("id").GetInt32() }),
            (HttpStatusCode)422, missing);
        // A connection a plan needs is kept, saying which; once the plan is deleted, it can go.
        var plan = await ApiCalls.PostAsync(api, "/api/plans", new
        {
            name = "keeps-gone", migration = new { sourceId = gone.GetProperty("id").GetInt32(), targetId = nowhere.GetProperty("id").GetInt32() },
        }, HttpStatusCode.Created);
        await AssertProblemAsync(await api.DeleteAsync($"/api/connections/{gone.GetProperty("id").GetInt32()}"), HttpStatusCode.Conflict,
            "'gone' is used by plan 'keeps-gone': delete the plans first");
        using (var deleted = await api.DeleteAsync($"/api/plans/{plan.GetProperty("id").GetInt32()}")) Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using (var deleted = await api.DeleteAsync($"/api/connections/{gone.GetProperty("id").GetInt32()}")) Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await AssertProblemAsync(await api.DeleteAsync($"/api/plans/{plan.GetProperty("id").GetInt32()}"), HttpStatusCode.NotFound, "does not exist");
    }

    [Fact]
    public async Task Api_UnknownOrRevokedToken_Answers401()
    {
        using var stranger = factory.CreateClient();
        stranger.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "rhd_made-up");
        await AssertProblemAsync(await stranger.GetAsync("/api/connections"), HttpStatusCode.Unauthorized, "Authorization: Bearer");

        var tokens = factory.Services.GetService(typeof(Web.Features.Access.ApiTokenService)) as Web.Features.Access.ApiTokenService;
        var (created, secret) = await tokens!.CreateAsync("ci script");
        using var script = factory.CreateClient();
        script.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        using (var ok = await script.GetAsync("/api/connections")) Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        await tokens.RevokeAsync(created.Id);
        using (var revoked = await script.GetAsync("/api/connections")) Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
    }

    [Fact]
    public async Task Api_WithASignedInBrowserCookieButNoToken_IsRefused()
    {
        // Bearer only: a page on another site cannot ride the admin's cookie into a write.
        using var browser = await factory.CreateSignedInClientAsync();
        using var response = await browser.PostAsJsonAsync("/api/migrations", new { sourceId = 1, targetId = 2 });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static async Task<JsonElement> GetAsync(HttpClient api, string path) => JsonDocument.Parse(await api.GetStringAsync(path)).RootElement.Clone();

    private static Task<HttpResponseMessage> PatchRawAsync(HttpClient api, string path, string json) =>
        api.PatchAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

    private static async Task<JsonElement> PatchAsync(HttpClient api, string path, string json, HttpStatusCode expected)
    {
        using var response = await PatchRawAsync(api, path, json);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"PATCH {path} {json}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detail)
    {
        using (response)
        {
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(detail, await response.Content.ReadAsStringAsync());
        }
    }
}
