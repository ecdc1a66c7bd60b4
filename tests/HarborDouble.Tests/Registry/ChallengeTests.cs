using System.Net;
using System.Net.Http.Headers;

namespace HarborDouble.Tests.Registry;

/// <summary>Who gets which 401 on `/v2`, and the other refusals before the registry (docs/harbor.md#challenges,
/// docs/harbor.md#missing-projects, docs/harbor.md#reading-through-v2).</summary>
[Collection(RegistryCollection.Name)]
public sealed class ChallengeTests(HarborFixture harbor)
{
    private string Realm => $"http://{harbor.Server.RegistryHost}/service/token";

    [Fact]
    public async Task NoAuthorization_GetsBearerChallenge_WithTheScopesTheRequestNeeds()
    {
        using var anonymous = harbor.Client();
        using var ping = await anonymous.GetAsync("v2/");
        await ping.ErrorAsync(HttpStatusCode.Unauthorized);
        Assert.Equal($"Bearer realm=\"{Realm}\",service=\"harbor-registry\"", ping.Challenge());
        Assert.Equal("registry/2.0", ping.Header("Docker-Distribution-Api-Version"));

        using var push = await anonymous.PostAsync("v2/library/app/blobs/uploads/", new ByteArrayContent([]));
        await push.ErrorAsync(HttpStatusCode.Unauthorized);
        Assert.Equal($"Bearer realm=\"{Realm}\",service=\"harbor-registry\",scope=\"repository:library/app:pull,push\"", push.Challenge());

        using var mount = await anonymous.PostAsync("v2/library/app/blobs/uploads/?mount=sha256:abc&from=library/src", new ByteArrayContent([]));
        Assert.EndsWith("scope=\"repository:library/app:pull,push repository:library/src:pull\"", mount.Challenge());
    }

    [Fact]
    public async Task AuthorizationThatGrantsNothing_GetsBasicChallenge()
    {
        var closed = harbor.Name("closed");
        harbor.Server.CreateProject(closed);
        var user = harbor.NewUser();
        using var outsider = harbor.Client(user, "pw-" + user);
        using var denied = await outsider.PostAsync($"v2/{closed}/app/blobs/uploads/", new ByteArrayContent([]));
        Assert.Equal(("UNAUTHORIZED", $"unauthorized to access repository: {closed}/app, action: push: unauthorized to access repository: {closed}/app, action: push"),
            await denied.ErrorAsync(HttpStatusCode.Unauthorized));
        Assert.Equal("Basic realm=\"harbor\"", denied.Challenge());

        // A pull-only token is not enough for a push, and the answer is still Basic, without a scope.
        using var anonymous = harbor.Client();
        var token = (await (await anonymous.GetAsync("service/token?service=harbor-registry&scope=repository:library/app:push")).OkJsonAsync())
            .GetProperty("token").GetString();
        using var bearer = harbor.Client();
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var pushWithPullToken = await bearer.PostAsync("v2/library/app/blobs/uploads/", new ByteArrayContent([]));
        await pushWithPullToken.ErrorAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("Basic realm=\"harbor\"", pushWithPullToken.Challenge());
    }

    [Fact]
    public async Task MissingProject_Is401WithAnEmptyChallenge_ForBasicAndBearer()
    {
        using var admin = harbor.Admin();
        using var basic = await admin.PostAsync("v2/nosuch/app/blobs/uploads/", new ByteArrayContent([]));
        Assert.Equal(("UNAUTHORIZED", "project nosuch not found: project nosuch not found"), await basic.ErrorAsync(HttpStatusCode.Unauthorized));
        Assert.Equal("", basic.Challenge());

        var token = (await (await admin.GetAsync("service/token?service=harbor-registry&scope=repository:nosuch/app:pull,push")).OkJsonAsync())
            .GetProperty("token").GetString();
        using var bearer = harbor.Client();
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var head = await bearer.SendAsync(new HttpRequestMessage(HttpMethod.Head, "v2/nosuch/app/blobs/sha256:" + new string('0', 64)));
        await head.ExpectAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("", head.Challenge());
    }

    [Fact]
    public async Task OneComponentName_Is400()
    {
        using var admin = harbor.Admin();
        using var response = await admin.PostAsync("v2/nginx/blobs/uploads/", new ByteArrayContent([]));
        Assert.Equal(("BAD_REQUEST", "invalid repository name: nginx"), await response.ErrorAsync(HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task HeadOrGetWithoutAuthorization_Is401_EvenOnAPublicProject()
    {
        using var anonymous = harbor.Client();
        using var head = await anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Head, "v2/library/app/manifests/latest"));
        await head.ExpectAsync(HttpStatusCode.Unauthorized);
        Assert.Equal($"Bearer realm=\"{Realm}\",service=\"harbor-registry\",scope=\"repository:library/app:pull\"", head.Challenge());
    }

    [Fact]
    public async Task Ping_WithBasicOrBearer_Is200EmptyObject()
    {
        using var admin = harbor.Admin();
        using var basic = await admin.GetAsync("v2/");
        Assert.Equal("{}", (await basic.Content.ReadAsStringAsync()).Trim());
        var token = (await (await admin.GetAsync("service/token?service=harbor-registry&scope=repository:library/app:pull")).OkJsonAsync())
            .GetProperty("token").GetString();
        using var bearer = harbor.Client();
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        await (await bearer.GetAsync("v2/")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Catalog_IsForSystemAdminsOnly()
    {
        var user = harbor.NewUser();
        using var userClient = harbor.Client(user, "pw-" + user);
        using var denied = await userClient.GetAsync("v2/_catalog");
        await denied.ErrorAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("Basic realm=\"harbor\"", denied.Challenge());

        using var admin = harbor.Admin();
        var v2 = new V2Client(admin);
        var project = harbor.Name("cat");
        harbor.Server.CreateProject(project);
        await v2.PushImageAsync($"{project}/app", "v1", 1, 100);
        var catalog = await (await admin.GetAsync("v2/_catalog?n=1000")).OkJsonAsync();
        Assert.Contains($"{project}/app", catalog.GetProperty("repositories").EnumerateArray().Select(r => r.GetString()));
        using var badN = await admin.GetAsync("v2/_catalog?n=0");
        Assert.Equal("the N must be a positive int type", (await badN.ErrorAsync(HttpStatusCode.BadRequest)).Message);
    }

    [Fact]
    public async Task UnknownManifest_IsHarborsNotFound_NotManifestUnknown()
    {
        using var admin = harbor.Admin();
        var v2 = new V2Client(admin);
        using var response = await v2.GetManifestAsync("library/never", "latest");
        Assert.Equal(("NOT_FOUND", "artifact library/never:latest not found"), await response.ErrorAsync(HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task AnonymousToken_PullsFromAPublicProject()
    {
        using var admin = harbor.Admin();
        var project = harbor.Name("pub");
        harbor.Server.CreateProject(project, isPublic: true);
        var digest = await new V2Client(admin).PushImageAsync($"{project}/app", "v1", 2, 64);

        using var anonymous = harbor.Client();
        var token = (await (await anonymous.GetAsync($"service/token?service=harbor-registry&scope=repository:{project}/app:pull")).OkJsonAsync())
            .GetProperty("token").GetString();
        using var bearer = harbor.Client();
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var manifest = await new V2Client(bearer).GetManifestAsync($"{project}/app", "v1");
        await manifest.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(digest, manifest.Header("Docker-Content-Digest"));
    }
}
