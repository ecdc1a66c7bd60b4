using System.Net;
using System.Net.Http.Headers;

namespace HarborDouble.Tests.Registry;

/// <summary>Uploads, mounts and storage quota (docs/harbor.md#blob-uploads, docs/harbor.md#mounts,
/// docs/harbor.md#storage-quota).</summary>
[Collection(RegistryCollection.Name)]
public sealed class UploadTests(HarborFixture harbor)
{
    [Fact]
    public async Task Post_WithDigestAndBody_IsNeverASinglePostUpload()
    {
        using var admin = harbor.Admin();
        var v2 = new V2Client(admin);
        var project = harbor.Name("single");
        harbor.Server.CreateProject(project);
        var data = V2Client.Bytes(300, 1);
        using var response = await v2.PostUploadAsync($"{project}/app", $"?digest={V2Client.Digest(data)}", new ByteArrayContent(data));
        await response.ExpectAsync(HttpStatusCode.Accepted);
        Assert.NotNull(response.Headers.Location);
        Assert.Equal("0-0", response.Header("Range"));
        using var head = await admin.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"v2/{project}/app/blobs/{V2Client.Digest(data)}"));
        await head.ExpectAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ProxyCacheProject_RefusesUploadsAndManifests()
    {
        using var admin = harbor.Admin();
        var v2 = new V2Client(admin);
        var project = harbor.Name("proxy");
        harbor.Server.CreateProject(project, registryId: 3);
        using var upload = await v2.PostUploadAsync($"{project}/app");
        Assert.Equal(("DENIED", $"can not push artifact to a proxy project: {project}"), await upload.ErrorAsync(HttpStatusCode.Forbidden));
        using var manifest = await v2.PutManifestAsync($"{project}/app", "v1", "{}"u8.ToArray(), V2Client.DockerManifest);
        Assert.Equal("DENIED", (await manifest.ErrorAsync(HttpStatusCode.Forbidden)).Code);
    }

    [Fact]
    public async Task BlobOverQuota_IsDenied_WithHarborsMessage()
    {
        using var admin = harbor.Admin();
        var v2 = new V2Client(admin);
        var project = harbor.Name("quota");
        harbor.Server.CreateProject(project, storageLimit: 1000);
        await v2.PushBlobAsync($"{project}/app", V2Client.Bytes(600, 2));
        using var response = await v2.UploadAsync($"{project}/app", V2Client.Bytes(2048, 3));
        Assert.Equal(("DENIED", "adding 2.0 KiB of storage resource, which when updated to current usage of 600 B will exceed the configured upper limit of 1000 B."),
            await response.ErrorAsync(HttpStatusCode.Forbidden));
        Assert.Equal(600, harbor.Server.QuotaUsed(project));
        // The same blob again costs nothing.
        await v2.PushBlobAsync($"{project}/app", V2Client.Bytes(600, 2));
    }

    [Fact]
    public async Task Post_FailsFast_WhenTheProjectIsAlreadyOverItsLimit()
    {
        using var admin = harbor.Admin();
        var v2 = new V2Client(admin);
        var project = harbor.Name("over");
        harbor.Server.CreateProject(project);
        await v2.PushBlobAsync($"{project}/app", V2Client.Bytes(2000, 4));
        harbor.Server.SetStorageLimit(project, 1024);
        using var response = await v2.PostUploadAsync($"{project}/app");
        Assert.Equal("subtracting 0 B of storage resource, which when updated to current usage of 2.0 KiB will exceed the configured upper limit of 1.0 KiB.",
            (await response.ErrorAsync(HttpStatusCode.Forbidden)).Message);
    }

    [Fact]
    public async Task ChunkedUpload_CountsPatchedBytes()
    {
        using var admin = harbor.Admin();
        var v2 = new V2Client(admin);
        var project = harbor.Name("chunk");
        harbor.Server.CreateProject(project, storageLimit: 1500);
        var data = V2Client.Bytes(1200, 5);
        using var started = await v2.PostUploadAsync($"{project}/app");
        using var patch = new HttpRequestMessage(HttpMethod.Patch, started.Headers.Location)
        {
            Content = new ByteArrayContent(data) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } },
        };
        using var patched = await admin.SendAsync(patch);
        await patched.ExpectAsync(HttpStatusCode.Accepted);
        Assert.Equal("0-1199", patched.Header("Range"));
        // An empty PUT with the whole blob's digest commits it; the quota takes the PATCHed size.
        var location = new Uri(admin.BaseAddress!, patched.Headers.Location!);
        using var put = await admin.PutAsync($"{location}&digest={Uri.EscapeDataString(V2Client.Digest(data))}", new ByteArrayContent([]));
        await put.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(1200, harbor.Server.QuotaUsed(project));
    }

    [Fact]
    public async Task Mount_AcrossProjects_Is201_ChargesTheDestination_AndIsCounted()
    {
        using var admin = harbor.Admin();
        var v2 = new V2Client(admin);
        var source = harbor.Name("src");
        var target = harbor.Name("dst");
        harbor.Server.CreateProject(source);
        harbor.Server.CreateProject(target);
        var digest = await v2.PushBlobAsync($"{source}/app", V2Client.Bytes(700, 6));

        using var mounted = await v2.PostUploadAsync($"{target}/app", $"?mount={digest}&from={source}/app");
        await mounted.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(digest, mounted.Header("Docker-Content-Digest"));
        Assert.Equal(700, harbor.Server.QuotaUsed(target));
        Assert.Equal(1, harbor.Server.Requests.Mounts(target));
        Assert.Equal(1, harbor.Server.Requests.BlobCommits(source));
        Assert.Equal(0, harbor.Server.Requests.BlobCommits(target));

        // A blob the source repository does not have falls back to an ordinary upload session.
        using var fallback = await v2.PostUploadAsync($"{target}/app", $"?mount=sha256:{new string('1', 64)}&from={source}/app");
        await fallback.ExpectAsync(HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task Mount_OverQuota_IsDenied()
    {
        using var admin = harbor.Admin();
        var v2 = new V2Client(admin);
        var source = harbor.Name("msrc");
        var target = harbor.Name("mdst");
        harbor.Server.CreateProject(source);
        harbor.Server.CreateProject(target, storageLimit: 100);
        var digest = await v2.PushBlobAsync($"{source}/app", V2Client.Bytes(500, 7));
        using var response = await v2.PostUploadAsync($"{target}/app", $"?mount={digest}&from={source}/app");
        Assert.Contains("exceed the configured upper limit of 100 B", (await response.ErrorAsync(HttpStatusCode.Forbidden)).Message);
    }

    [Fact]
    public async Task Mount_BadFrom_Is400_MissingSource401_NoPullOnSource401()
    {
        var target = harbor.Name("mt");
        var hidden = harbor.Name("mh");
        harbor.Server.CreateProject(target);
        harbor.Server.CreateProject(hidden);
        var user = harbor.NewUser();
        harbor.Server.AddProjectMember(target, user);
        using var client = harbor.Client(user, "pw-" + user);
        var v2 = new V2Client(client);
        var digest = "sha256:" + new string('2', 64);

        using var oneComponent = await v2.PostUploadAsync($"{target}/app", $"?mount={digest}&from=nginx");
        Assert.Equal("invalid repository name: nginx", (await oneComponent.ErrorAsync(HttpStatusCode.BadRequest)).Message);
        using var missing = await v2.PostUploadAsync($"{target}/app", $"?mount={digest}&from=gone/app");
        Assert.Equal("project gone not found: project gone not found", (await missing.ErrorAsync(HttpStatusCode.Unauthorized)).Message);
        Assert.Equal("", missing.Challenge());
        using var noPull = await v2.PostUploadAsync($"{target}/app", $"?mount={digest}&from={hidden}/app");
        await noPull.ErrorAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("Basic realm=\"harbor\"", noPull.Challenge());
    }

    [Fact]
    public async Task Requests_AreCountedPerKindAndProject()
    {
        using var admin = harbor.Admin();
        var v2 = new V2Client(admin);
        var project = harbor.Name("count");
        harbor.Server.CreateProject(project);
        var parts = await v2.PushPartsAsync($"{project}/app", 8, 50, 60);
        Assert.Equal(3, harbor.Server.Requests.BlobCommits(project));
        Assert.Equal(3, harbor.Server.Requests.Count(Diagnostics.HarborRequestKind.UploadStart, project, 202));
        Assert.Equal(3, harbor.Server.Requests.CommittedDigests(project).Count);
        using var put = await v2.PutManifestAsync($"{project}/app", "v1", parts.Manifest, V2Client.DockerManifest);
        Assert.Equal(1, harbor.Server.Requests.ManifestPuts(project));
    }
}
