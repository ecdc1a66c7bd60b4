using System.Net;

namespace HarborDouble.Tests.Api;

/// <summary><c>DELETE /projects/{p}/repositories/{r}/artifacts/{reference}/tags/{tag}</c>, how a sync mirrors a tag
/// deleted on the source (docs/harbor.md#deleting-tags).</summary>
[Collection(RegistryCollection.Name)]
public sealed class TagDeletionTests(HarborFixture harbor)
{
    [Fact]
    public async Task DeletingATag_LeavesTheArtifactAndItsOtherTags()
    {
        using var admin = harbor.Admin();
        var v2 = new V2Client(admin);
        var project = harbor.Name("deltag");
        harbor.Server.CreateProject(project);
        var digest = await v2.PushImageAsync($"{project}/team/app", "v1", 21, 10);
        await (await v2.PutManifestAsync($"{project}/team/app", "latest",
            await (await v2.GetManifestAsync($"{project}/team/app", "v1")).Content.ReadAsByteArrayAsync(), V2Client.DockerManifest)).ExpectAsync(HttpStatusCode.Created);

        using var deleted = await admin.DeleteAsync($"api/v2.0/projects/{project}/repositories/team%252Fapp/artifacts/{digest}/tags/latest");

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await v2.GetManifestAsync($"{project}/team/app", "latest", HttpMethod.Head)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await v2.GetManifestAsync($"{project}/team/app", "v1", HttpMethod.Head)).StatusCode);
        var artifact = await (await admin.GetAsync($"api/v2.0/projects/{project}/repositories/team%252Fapp/artifacts/{digest}")).OkJsonAsync();
        Assert.Equal(["v1"], artifact.GetProperty("tags").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        // The same tag again: no longer on that artifact.
        using var again = await admin.DeleteAsync($"api/v2.0/projects/{project}/repositories/team%252Fapp/artifacts/{digest}/tags/latest");
        var (code, message) = await again.ErrorAsync(HttpStatusCode.NotFound);
        Assert.Equal("NOT_FOUND", code);
        Assert.Matches("^tag latest attached to artifact [0-9]+ not found$", message);
    }

    [Fact]
    public async Task ImmutableTag_Is412_AndADeveloperIs403()
    {
        using var admin = harbor.Admin();
        var v2 = new V2Client(admin);
        var project = harbor.Name("deltagimm");
        harbor.Server.CreateProject(project);
        harbor.Server.AddImmutableTagRule(project, "v*");
        var digest = await v2.PushImageAsync($"{project}/app", "v2", 22, 10);
        await (await v2.PutManifestAsync($"{project}/app", "dev",
            await (await v2.GetManifestAsync($"{project}/app", "v2")).Content.ReadAsByteArrayAsync(), V2Client.DockerManifest)).ExpectAsync(HttpStatusCode.Created);
        var developer = harbor.Name("dev");
        harbor.Server.AddUser(developer, "Developer12345");
        harbor.Server.AddProjectMember(project, developer);
        using var asDeveloper = harbor.Client(developer, "Developer12345");

        using var immutable = await admin.DeleteAsync($"api/v2.0/projects/{project}/repositories/app/artifacts/{digest}/tags/v2");
        using var forbidden = await asDeveloper.DeleteAsync($"api/v2.0/projects/{project}/repositories/app/artifacts/{digest}/tags/dev");

        Assert.Equal(("PRECONDITION", "the tag v2 configured as immutable, cannot be deleted"), await immutable.ErrorAsync(HttpStatusCode.PreconditionFailed));
        Assert.Equal("FORBIDDEN", (await forbidden.ErrorAsync(HttpStatusCode.Forbidden)).Code);
        Assert.Equal(HttpStatusCode.OK, (await v2.GetManifestAsync($"{project}/app", "dev", HttpMethod.Head)).StatusCode);
    }
}
