using System.Net;
using System.Text.Json;
using Registry.Testing;

namespace HarborDouble.Tests.Registry;

/// <summary>Manifest PUTs and what the artifact API then says (docs/harbor.md#manifest-pushes,
/// docs/harbor.md#artifacts).</summary>
[Collection(RegistryCollection.Name)]
public sealed class ManifestTests(HarborFixture harbor)
{
    [Fact]
    public async Task PushByTag_Is201ByDigest_AndRecordsTheArtifact()
    {
        using var admin = harbor.Admin();
        var v2 = new V2Client(admin);
        var project = harbor.Name("img");
        harbor.Server.CreateProject(project);
        var parts = await v2.PushPartsAsync($"{project}/team/app", 1, 1000, 2000);
        using var put = await v2.PutManifestAsync($"{project}/team/app", "v1", parts.Manifest, V2Client.DockerManifest);
        await put.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(parts.Digest, put.Header("Docker-Content-Digest"));
        Assert.EndsWith($"/v2/{project}/team/app/manifests/{parts.Digest}", put.Headers.Location!.ToString());

        var artifact = await (await admin.GetAsync($"api/v2.0/projects/{project}/repositories/team%252Fapp/artifacts/v1")).OkJsonAsync();
        Assert.Equal(parts.Digest, artifact.GetProperty("digest").GetString());
        Assert.Equal(["v1"], artifact.GetProperty("tags").Names());
        Assert.Equal(V2Client.DockerManifest, artifact.GetProperty("manifest_media_type").GetString());
        Assert.Equal(V2Client.DockerConfig, artifact.GetProperty("media_type").GetString());
        Assert.Equal("IMAGE", artifact.GetProperty("type").GetString());
        Assert.Equal(parts.Manifest.Length + parts.BlobBytes, artifact.GetProperty("size").GetInt64());
        Assert.Equal($"{project}/team/app", artifact.GetProperty("repository_name").GetString());
        Assert.Equal(parts.Digest, harbor.Server.FindDigest($"{project}/team/app", "v1"));
        Assert.Equal(parts.Manifest.Length + parts.BlobBytes, harbor.Server.QuotaUsed(project));

        // Tags live in the double: a GET by tag returns the stored bytes.
        using var pulled = await v2.GetManifestAsync($"{project}/team/app", "v1");
        Assert.Equal(parts.Manifest, await pulled.Content.ReadAsByteArrayAsync());
        var repositories = await (await admin.GetAsync($"api/v2.0/projects/{project}/repositories")).OkJsonAsync();
        Assert.Equal([$"{project}/team/app"], repositories.Names());
        Assert.Equal(1, repositories[0].GetProperty("artifact_count").GetInt64());
    }

    [Fact]
    public async Task RepositoryName_MustBeEncodedTwice_AndUnknownRepositoriesListEmpty()
    {
        using var admin = harbor.Admin();
        var project = harbor.Name("enc");
        harbor.Server.CreateProject(project);
        await new V2Client(admin).PushImageAsync($"{project}/a/b", "v1", 2, 10);

        await (await admin.GetAsync($"api/v2.0/projects/{project}/repositories/a%252Fb/artifacts")).ExpectAsync(HttpStatusCode.OK);
        await (await admin.GetAsync($"api/v2.0/projects/{project}/repositories/a%2Fb/artifacts")).ExpectAsync(HttpStatusCode.NotFound);
        using var none = await admin.GetAsync($"api/v2.0/projects/{project}/repositories/nothing/artifacts");
        Assert.Empty((await none.OkJsonAsync()).EnumerateArray());
        Assert.Equal("0", none.Header("X-Total-Count"));
        using var unknown = await admin.GetAsync($"api/v2.0/projects/{project}/repositories/a%252Fb/artifacts/v9");
        Assert.Equal(("NOT_FOUND", $"artifact {project}/a/b:v9 not found"), await unknown.ErrorAsync(HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task Index_HidesItsChildrenUnlessBaseStar_AndListsReferences()
    {
        using var pusher = new ImagePusher(harbor.BaseUri, harbor.Server.AdminUser, harbor.Server.AdminPassword);
        var project = harbor.Name("multi");
        harbor.Server.CreateProject(project);
        var repository = $"{project}/app";
        var amd = await pusher.PushImageAsync(repository, null, new ImageSpec([new LayerSpec(1, 100)]) { Oci = true });
        var arm = await pusher.PushImageAsync(repository, null, new ImageSpec([new LayerSpec(2, 200)]) { Oci = true, Architecture = "arm64", Variant = "v8" });
        var index = await pusher.PushIndexAsync(repository, "multi", [amd, arm], oci: true);

        using var admin = harbor.Admin();
        var listed = await (await admin.GetAsync($"api/v2.0/projects/{project}/repositories/app/artifacts")).OkJsonAsync();
        var only = Assert.Single(listed.EnumerateArray());
        Assert.Equal(index.Digest, only.GetProperty("digest").GetString());
        Assert.Equal(V2Client.OciIndex, only.GetProperty("media_type").GetString());
        var references = only.GetProperty("references").EnumerateArray().ToList();
        Assert.Equal(new[] { amd.Digest, arm.Digest }, references.Select(r => r.GetProperty("child_digest").GetString()));
        Assert.Equal("arm64", references[1].GetProperty("platform").GetProperty("architecture").GetString());
        var childSizes = (await Task.WhenAll(new[] { amd, arm }.Select(async c =>
            (await (await admin.GetAsync($"api/v2.0/projects/{project}/repositories/app/artifacts/{c.Digest}")).OkJsonAsync()).GetProperty("size").GetInt64())));
        Assert.Equal(index.Size + childSizes.Sum(), only.GetProperty("size").GetInt64());

        var all = await (await admin.GetAsync($"api/v2.0/projects/{project}/repositories/app/artifacts?q={Uri.EscapeDataString("base=*")}")).OkJsonAsync();
        Assert.Equal(3, all.GetArrayLength());
    }

    [Fact]
    public async Task Index_WithAChildNotInTheRepository_IsRejected()
    {
        using var admin = harbor.Admin();
        var project = harbor.Name("orphan");
        harbor.Server.CreateProject(project);
        var child = $"sha256:{new string('3', 64)}";
        var index = JsonSerializer.SerializeToUtf8Bytes(new
        {
            schemaVersion = 2, mediaType = V2Client.OciIndex,
            manifests = new[] { new { mediaType = V2Client.OciManifest, digest = child, size = 10 } },
        });
        using var response = await new V2Client(admin).PutManifestAsync($"{project}/app", "v1", index, V2Client.OciIndex);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("MANIFEST_BLOB_UNKNOWN", await response.Content.ReadAsStringAsync());
        // repository.Ensure ran before the registry refused: an empty repository is left behind
        // (docs/harbor.md#manifest-pushes).
        var repositories = await (await admin.GetAsync($"api/v2.0/projects/{project}/repositories")).OkJsonAsync();
        Assert.Equal(0, Assert.Single(repositories.EnumerateArray()).GetProperty("artifact_count").GetInt64());
    }

    [Fact]
    public async Task Tags_Move_AndTheOldArtifactBecomesUntagged()
    {
        using var admin = harbor.Admin();
        var v2 = new V2Client(admin);
        var project = harbor.Name("move");
        harbor.Server.CreateProject(project);
        var first = await v2.PushImageAsync($"{project}/app", "latest", 3, 10);
        var second = await v2.PushImageAsync($"{project}/app", "latest", 4, 10);
        Assert.Equal(second, harbor.Server.FindDigest($"{project}/app", "latest"));
        var old = await (await admin.GetAsync($"api/v2.0/projects/{project}/repositories/app/artifacts/{first}")).OkJsonAsync();
        Assert.Empty(old.GetProperty("tags").EnumerateArray());
        var untagged = await (await admin.GetAsync($"api/v2.0/projects/{project}/repositories/app/artifacts?q={Uri.EscapeDataString("tags=nil")}")).OkJsonAsync();
        Assert.Equal([first], untagged.Names("digest"));
    }

    [Fact]
    public async Task ImmutableTag_RepushIs412_EvenWithTheSameDigest()
    {
        using var admin = harbor.Admin();
        var v2 = new V2Client(admin);
        var project = harbor.Name("immut");
        harbor.Server.CreateProject(project);
        harbor.Server.AddImmutableTagRule(project, "v*");
        var parts = await v2.PushPartsAsync($"{project}/team/app", 5, 10);
        using var first = await v2.PutManifestAsync($"{project}/team/app", "v1", parts.Manifest, V2Client.DockerManifest);
        await first.ExpectAsync(HttpStatusCode.Created);
        using var again = await v2.PutManifestAsync($"{project}/team/app", "v1", parts.Manifest, V2Client.DockerManifest);
        Assert.Equal(("PRECONDITION", "Failed to process request due to 'team/app:v1' configured as immutable."),
            await again.ErrorAsync(HttpStatusCode.PreconditionFailed));
        await (await v2.PutManifestAsync($"{project}/team/app", parts.Digest, parts.Manifest, V2Client.DockerManifest)).ExpectAsync(HttpStatusCode.Created);
        await (await v2.PutManifestAsync($"{project}/team/app", "latest", parts.Manifest, V2Client.DockerManifest)).ExpectAsync(HttpStatusCode.Created);
        var artifact = await (await admin.GetAsync($"api/v2.0/projects/{project}/repositories/team%252Fapp/artifacts/v1?with_immutable_status=true")).OkJsonAsync();
        Assert.True(artifact.GetProperty("tags").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "v1").GetProperty("immutable").GetBoolean());
        var rules = await (await admin.GetAsync($"api/v2.0/projects/{project}/immutabletagrules")).OkJsonAsync();
        Assert.Equal("v*", Assert.Single(rules.EnumerateArray()).GetProperty("tag_selectors")[0].GetProperty("pattern").GetString());
    }

    [Fact]
    public async Task TagsList_ComesFromTheDouble_AndBlobsStreamFromTheRegistry()
    {
        using var admin = harbor.Admin();
        var v2 = new V2Client(admin);
        var project = harbor.Name("tags");
        harbor.Server.CreateProject(project);
        var parts = await v2.PushPartsAsync($"{project}/app", 12, 4096);
        foreach (var tag in new[] { "b", "a", "c" })
            await (await v2.PutManifestAsync($"{project}/app", tag, parts.Manifest, V2Client.DockerManifest)).ExpectAsync(HttpStatusCode.Created);

        var tags = await (await admin.GetAsync($"v2/{project}/app/tags/list")).OkJsonAsync();
        Assert.Equal($"{project}/app", tags.GetProperty("name").GetString());
        Assert.Equal(["a", "b", "c"], tags.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        using var page = await admin.GetAsync($"v2/{project}/app/tags/list?n=2");
        Assert.Equal(["a", "b"], (await page.OkJsonAsync()).GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal($"</v2/{project}/app/tags/list?last=b&n=2>; rel=\"next\"", page.Header("Link"));

        var layer = JsonDocument.Parse(parts.Manifest).RootElement.GetProperty("layers")[0].GetProperty("digest").GetString();
        using var blob = await admin.GetAsync($"v2/{project}/app/blobs/{layer}");
        Assert.Equal(layer, V2Client.Digest(await blob.Content.ReadAsByteArrayAsync()));
        using var unknown = await admin.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"v2/{project}/app/blobs/sha256:{new string('4', 64)}"));
        await unknown.ExpectAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("application/vnd.oci.artifact.manifest.v1+json", 400, "UNSUPPORTED")]
    [InlineData("text/plain", 400, "UNSUPPORTED")]
    [InlineData("application/vnd.docker.distribution.manifest.v1+json", 400, "MANIFEST_INVALID")]
    [InlineData("application/json", 400, "MANIFEST_INVALID")]
    [InlineData(null, 400, "MANIFEST_INVALID")]
    [InlineData("application/vnd.oci.image.manifest.v1+json", 400, "MANIFEST_INVALID")]
    public async Task ContentType_MustBeASupportedManifestTypeMatchingTheBody(string? contentType, int status, string code)
    {
        using var admin = harbor.Admin();
        var v2 = new V2Client(admin);
        var project = harbor.Name("ct");
        harbor.Server.CreateProject(project);
        var parts = await v2.PushPartsAsync($"{project}/app", 6, 10);
        // The body is a Docker schema 2 manifest, so an OCI Content-Type disagrees with its mediaType.
        using var response = await v2.PutManifestAsync($"{project}/app", "v1", parts.Manifest, contentType);
        var (actual, message) = await response.ErrorAsync((HttpStatusCode)status);
        Assert.Equal(code, actual);
        if (code == "UNSUPPORTED") Assert.Equal($"unsupported manifest media type: {contentType}", message);
    }

    [Fact]
    public async Task ManifestQuota_CountsTheManifestAndBlobsNewToTheProject()
    {
        using var admin = harbor.Admin();
        var v2 = new V2Client(admin);
        var source = harbor.Name("qsrc");
        var target = harbor.Name("qdst");
        harbor.Server.CreateProject(source);
        harbor.Server.CreateProject(target, storageLimit: 1000);
        var parts = await v2.PushPartsAsync($"{source}/app", 7, 3000);
        using var response = await v2.PutManifestAsync($"{target}/app", "v1", parts.Manifest, V2Client.DockerManifest);
        var message = (await response.ErrorAsync(HttpStatusCode.Forbidden)).Message;
        Assert.StartsWith($"adding {Units(parts.Manifest.Length + parts.BlobBytes)} of storage resource", message);
    }

    [Fact]
    public async Task DeleteByTag_Is400Unsupported_ByDigestDeletesTheArtifact()
    {
        using var admin = harbor.Admin();
        var v2 = new V2Client(admin);
        var project = harbor.Name("del");
        harbor.Server.CreateProject(project);
        var digest = await v2.PushImageAsync($"{project}/app", "v1", 8, 10);
        using var byTag = await admin.DeleteAsync($"v2/{project}/app/manifests/v1");
        Assert.Equal("UNSUPPORTED", (await byTag.ErrorAsync(HttpStatusCode.BadRequest)).Code);
        using var byDigest = await admin.DeleteAsync($"v2/{project}/app/manifests/{digest}");
        await byDigest.ExpectAsync(HttpStatusCode.Accepted);
        await (await admin.GetAsync($"api/v2.0/projects/{project}/repositories/app/artifacts/v1")).ExpectAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task CosignContentTrust_Blocks412OnV2ForUnsignedImages_ButNotTheApi()
    {
        using var admin = harbor.Admin();
        var v2 = new V2Client(admin);
        var project = harbor.Name("trust");
        harbor.Server.CreateProject(project);
        var digest = await v2.PushImageAsync($"{project}/app", "v1", 9, 10);
        harbor.Server.SetProjectMetadata(project, "enable_content_trust_cosign", "true");

        using var blocked = await v2.GetManifestAsync($"{project}/app", "v1");
        Assert.Equal(("PROJECTPOLICYVIOLATION", "The image is not signed by cosign."), await blocked.ErrorAsync(HttpStatusCode.PreconditionFailed));
        await (await admin.GetAsync($"api/v2.0/projects/{project}/repositories/app/artifacts/v1")).ExpectAsync(HttpStatusCode.OK);

        // A cosign signature (`sha256-<hex>.sig`) makes it pullable, and is an accessory, not a listed artifact.
        var signature = await v2.PushPartsAsync($"{project}/app", 10, 5);
        var sigTag = digest.Replace(':', '-') + ".sig";
        await (await v2.PutManifestAsync($"{project}/app", sigTag, signature.Manifest, V2Client.DockerManifest)).ExpectAsync(HttpStatusCode.Created);
        await (await v2.GetManifestAsync($"{project}/app", "v1")).ExpectAsync(HttpStatusCode.OK);
        var listed = await (await admin.GetAsync($"api/v2.0/projects/{project}/repositories/app/artifacts?with_accessory=true")).OkJsonAsync();
        var only = Assert.Single(listed.EnumerateArray());
        Assert.Equal("signature.cosign", Assert.Single(only.GetProperty("accessories").EnumerateArray()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task SubjectManifest_IsAnAccessory_WithOciSubjectHeaderAndReferrers()
    {
        using var admin = harbor.Admin();
        var v2 = new V2Client(admin);
        var project = harbor.Name("subj");
        harbor.Server.CreateProject(project);
        var subject = await v2.PushImageAsync($"{project}/app", "v1", 11, 10);
        var empty = "{}"u8.ToArray();
        var emptyDigest = await v2.PushBlobAsync($"{project}/app", empty);
        var sbom = JsonSerializer.SerializeToUtf8Bytes(new
        {
            schemaVersion = 2, mediaType = V2Client.OciManifest, artifactType = "application/spdx+json",
            config = new { mediaType = "application/vnd.oci.empty.v1+json", digest = emptyDigest, size = 2 },
            layers = new[] { new { mediaType = "application/vnd.oci.empty.v1+json", digest = emptyDigest, size = 2 } },
            subject = new { mediaType = V2Client.DockerManifest, digest = subject, size = 10 },
        });
        using var put = await v2.PutManifestAsync($"{project}/app", V2Client.Digest(sbom), sbom, V2Client.OciManifest);
        await put.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(subject, put.Header("OCI-Subject"));

        var listed = await (await admin.GetAsync($"api/v2.0/projects/{project}/repositories/app/artifacts?q={Uri.EscapeDataString("base=*")}")).OkJsonAsync();
        Assert.Equal([subject], listed.Names("digest"));
        var referrers = await (await admin.GetAsync($"v2/{project}/app/referrers/{subject}")).OkJsonAsync();
        Assert.Equal(V2Client.Digest(sbom), referrers.GetProperty("manifests")[0].GetProperty("digest").GetString());
    }

    private static string Units(long bytes) => HarborDouble.State.QuotaMessage.Format(bytes);
}
