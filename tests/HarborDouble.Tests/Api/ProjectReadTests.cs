using System.Net;

namespace HarborDouble.Tests.Api;

/// <summary>HEAD, list, get and summary (docs/harbor.md#listing-projects, docs/harbor.md#project-existence,
/// docs/harbor.md#pagination).</summary>
[Collection(HarborCollection.Name)]
public sealed class ProjectReadTests(HarborFixture harbor)
{
    [Fact]
    public async Task Head_TellsExistenceToAnyPrincipal_401ToAnonymous_NeverABody()
    {
        var hidden = harbor.Name("private");
        harbor.Server.CreateProject(hidden);
        var user = harbor.NewUser();
        using var outsider = harbor.Client(user, "pw-" + user);
        using var exists = await outsider.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"api/v2.0/projects?project_name={hidden}"));
        await exists.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, exists.Content.Headers.ContentLength ?? 0);
        using var missing = await outsider.SendAsync(new HttpRequestMessage(HttpMethod.Head, "api/v2.0/projects?project_name=never-made"));
        await missing.ExpectAsync(HttpStatusCode.NotFound);
        using var anonymous = harbor.Client();
        using var unauthorized = await anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"api/v2.0/projects?project_name={hidden}"));
        await unauthorized.ExpectAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task List_NameIsFuzzy_QueryNameIsExact()
    {
        var stem = harbor.Name("fuzzy");
        harbor.Server.CreateProject(stem, isPublic: true);
        harbor.Server.CreateProject($"my{stem}x", isPublic: true);
        using var admin = harbor.Admin();
        var fuzzy = await (await admin.GetAsync($"api/v2.0/projects?name={stem}")).OkJsonAsync();
        Assert.Equal(new[] { stem, $"my{stem}x" }.Order(), fuzzy.Names().Order());
        var exact = await (await admin.GetAsync($"api/v2.0/projects?q={Uri.EscapeDataString($"name={stem}")}")).OkJsonAsync();
        Assert.Equal([stem], exact.Names());
    }

    [Fact]
    public async Task List_ShowsWhatEachPrincipalMaySee()
    {
        var open = harbor.Name("vis-open");
        var closed = harbor.Name("vis-closed");
        var member = harbor.Name("vis-member");
        harbor.Server.CreateProject(open, isPublic: true);
        harbor.Server.CreateProject(closed);
        harbor.Server.CreateProject(member);
        var user = harbor.NewUser();
        harbor.Server.AddProjectMember(member, user);
        var projectRobot = harbor.Server.AddRobot(harbor.Name("vis"), "s", closed);
        var systemRobot = harbor.Server.AddRobot(harbor.Name("vis"), "s");

        async Task<List<string>> Visible(HttpClient client, string extra = "")
        {
            var body = await (await client.GetAsync($"api/v2.0/projects?name=vis-&page_size=100{extra}")).OkJsonAsync();
            return body.Names().ToList();
        }

        using var anonymous = harbor.Client();
        Assert.Equal([open], await Visible(anonymous));
        using var privateOnly = await anonymous.GetAsync("api/v2.0/projects?public=false");
        Assert.Empty((await privateOnly.OkJsonAsync()).EnumerateArray());
        Assert.Equal("0", privateOnly.Header("X-Total-Count"));

        using var userClient = harbor.Client(user, "pw-" + user);
        Assert.Equal(new[] { open, member }.Order(), (await Visible(userClient)).Order());
        using var projectRobotClient = harbor.Client(projectRobot, "s");
        Assert.Equal(new[] { open, closed }.Order(), (await Visible(projectRobotClient)).Order());
        using var systemRobotClient = harbor.Client(systemRobot, "s");
        Assert.Equal(new[] { open, closed, member }.Order(), (await Visible(systemRobotClient)).Order());
        using var admin = harbor.Admin();
        Assert.Equal(new[] { open, closed, member }.Order(), (await Visible(admin)).Order());
    }

    [Fact]
    public async Task List_Pages_WithTotalCountAndRelativeLinks_AndRefusesPageSizeOver100()
    {
        var stem = harbor.Name("page");
        foreach (var suffix in new[] { "a", "b", "c" }) harbor.Server.CreateProject($"{stem}{suffix}");
        using var admin = harbor.Admin();
        using var middle = await admin.GetAsync($"api/v2.0/projects?name={stem}&page=2&page_size=1");
        var body = await middle.OkJsonAsync();
        Assert.Equal([$"{stem}b"], body.Names());
        Assert.Equal("3", middle.Header("X-Total-Count"));
        Assert.Equal($"</api/v2.0/projects?name={stem}&page=1&page_size=1>; rel=\"prev\" , </api/v2.0/projects?name={stem}&page=3&page_size=1>; rel=\"next\"",
            middle.Header("Link"));

        using var last = await admin.GetAsync($"api/v2.0/projects?name={stem}&page=3&page_size=1");
        Assert.Equal($"</api/v2.0/projects?name={stem}&page=2&page_size=1>; rel=\"prev\"", last.Header("Link"));
        using var all = await admin.GetAsync($"api/v2.0/projects?name={stem}");
        Assert.Null(all.Header("Link"));

        using var tooBig = await admin.GetAsync("api/v2.0/projects?page_size=101");
        Assert.Equal("UNPROCESSABLE_ENTITY", (await tooBig.ErrorAsync(HttpStatusCode.UnprocessableEntity)).Code);
    }

    [Fact]
    public async Task Get_ByNameOrId_HonoursIsResourceName()
    {
        using var admin = harbor.Admin();
        var id = harbor.Server.CreateProject(harbor.Name("byid"));
        var byId = await (await admin.GetAsync($"api/v2.0/projects/{id}")).OkJsonAsync();
        Assert.Equal(id, byId.GetProperty("project_id").GetInt64());

        var digits = (900000 + id).ToString();
        harbor.Server.CreateProject(digits);
        using var asId = await admin.GetAsync($"api/v2.0/projects/{digits}");
        await asId.ErrorAsync(HttpStatusCode.NotFound);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/v2.0/projects/{digits}");
        request.Headers.Add("X-Is-Resource-Name", "true");
        var asName = await (await admin.SendAsync(request)).OkJsonAsync();
        Assert.Equal(digits, asName.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Get_MissingProject_Is404ForAdmin_403ForUsersAndRobots_401ForAnonymous()
    {
        using var admin = harbor.Admin();
        await (await admin.GetAsync("api/v2.0/projects/ghost")).ErrorAsync(HttpStatusCode.NotFound);
        var user = harbor.NewUser();
        using var userClient = harbor.Client(user, "pw-" + user);
        Assert.Equal(("FORBIDDEN", "forbidden"), await (await userClient.GetAsync("api/v2.0/projects/ghost")).ErrorAsync(HttpStatusCode.Forbidden));
        var robot = harbor.Server.AddRobot(harbor.Name("ghost"), "s");
        using var robotClient = harbor.Client(robot, "s");
        await (await robotClient.GetAsync("api/v2.0/projects/ghost")).ErrorAsync(HttpStatusCode.Forbidden);
        using var anonymous = harbor.Client();
        await (await anonymous.GetAsync("api/v2.0/projects/ghost")).ErrorAsync(HttpStatusCode.Unauthorized);

        // An existing private project answers the same to a non-member: "missing" and "no access" look alike.
        var hidden = harbor.Name("hidden");
        harbor.Server.CreateProject(hidden);
        await (await userClient.GetAsync($"api/v2.0/projects/{hidden}")).ErrorAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Summary_ReportsQuotaHardAndUsed()
    {
        var name = harbor.Name("sum");
        harbor.Server.CreateProject(name, storageLimit: 5000);
        using var admin = harbor.Admin();
        var summary = await (await admin.GetAsync($"api/v2.0/projects/{name}/summary")).OkJsonAsync();
        Assert.Equal(0, summary.GetProperty("repo_count").GetInt32());
        Assert.Equal(5000, summary.GetProperty("quota").GetProperty("hard").GetProperty("storage").GetInt64());
        Assert.Equal(0, summary.GetProperty("quota").GetProperty("used").GetProperty("storage").GetInt64());
    }
}
