using System.Net;

namespace HarborDouble.Tests.Api;

/// <summary>`POST /projects` (docs/harbor.md#project-names, docs/harbor.md#creating-projects).</summary>
[Collection(HarborCollection.Name)]
public sealed class ProjectCreationTests(HarborFixture harbor)
{
    [Fact]
    public async Task Create_Returns201_WithEmptyBody_AndRelativeNumericLocation()
    {
        using var admin = harbor.Admin();
        var name = harbor.Name("new");
        using var response = await admin.PostAsync("api/v2.0/projects", HttpAssert.Json(new { project_name = name, metadata = new { @public = "true" } }));
        await response.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
        var location = response.Headers.Location!.ToString();
        Assert.Matches("^/api/v2.0/projects/[0-9]+$", location);

        var project = await (await admin.GetAsync(location.TrimStart('/'))).OkJsonAsync();
        Assert.Equal(name, project.GetProperty("name").GetString());
        Assert.Equal("true", project.GetProperty("metadata").GetProperty("public").GetString());

        using var byName = new HttpRequestMessage(HttpMethod.Post, "api/v2.0/projects") { Content = HttpAssert.Json(new { project_name = harbor.Name("loc") }) };
        byName.Headers.Add("X-Resource-Name-In-Location", "true");
        using var named = await admin.SendAsync(byName);
        Assert.Matches("^/api/v2.0/projects/loc[0-9]+$", named.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Create_TakenName_Is409WithHarborsMessage()
    {
        using var admin = harbor.Admin();
        var name = harbor.Name("dup");
        harbor.Server.CreateProject(name);
        using var response = await admin.PostAsync("api/v2.0/projects", HttpAssert.Json(new { project_name = name }));
        Assert.Equal(("CONFLICT", $"The project named {name} already exists"), await response.ErrorAsync(HttpStatusCode.Conflict));
    }

    [Theory]
    [InlineData("Upper")]
    [InlineData("a__b")]
    [InlineData("a--b")]
    [InlineData("-lead")]
    [InlineData("trail.")]
    [InlineData("sp ace")]
    public async Task Create_NameOutsideHarborsRule_Is400(string name)
    {
        using var admin = harbor.Admin();
        using var response = await admin.PostAsync("api/v2.0/projects", HttpAssert.Json(new { project_name = name }));
        Assert.Equal(("BAD_REQUEST", "project name is not in lower case or contains illegal characters"),
            await response.ErrorAsync(HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Create_NameLength_EmptyIs400_Over255Is422()
    {
        using var admin = harbor.Admin();
        using var empty = await admin.PostAsync("api/v2.0/projects", HttpAssert.Json(new { project_name = "" }));
        Assert.Contains("is illegal in length", (await empty.ErrorAsync(HttpStatusCode.BadRequest)).Message);
        using var longName = await admin.PostAsync("api/v2.0/projects", HttpAssert.Json(new { project_name = new string('a', 256) }));
        Assert.Equal("UNPROCESSABLE_ENTITY", (await longName.ErrorAsync(HttpStatusCode.UnprocessableEntity)).Code);
        using var digits = await admin.PostAsync("api/v2.0/projects", HttpAssert.Json(new { project_name = "2024" + harbor.Name("") }));
        await digits.ExpectAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Create_MetadataValuesAreStrings_PublicOnlyTrueOrFalse()
    {
        using var admin = harbor.Admin();
        using var word = await admin.PostAsync("api/v2.0/projects", HttpAssert.Json(new { project_name = harbor.Name("m"), metadata = new { @public = "yes" } }));
        Assert.Equal("metadata.public should only be 'true' or 'false', but got: 'yes'", (await word.ErrorAsync(HttpStatusCode.BadRequest)).Message);
        using var boolean = await admin.PostAsync("api/v2.0/projects", HttpAssert.Json(new { project_name = harbor.Name("m"), metadata = new { @public = true } }));
        Assert.Equal("BAD_REQUEST", (await boolean.ErrorAsync(HttpStatusCode.BadRequest)).Code);
    }

    [Fact]
    public async Task Create_DeprecatedPublic_IsUsedOnlyWithoutMetadataPublic()
    {
        using var admin = harbor.Admin();
        var legacy = harbor.Name("legacy");
        (await admin.PostAsync("api/v2.0/projects", HttpAssert.Json(new { project_name = legacy, @public = true }))).Dispose();
        var both = harbor.Name("both");
        (await admin.PostAsync("api/v2.0/projects", HttpAssert.Json(new { project_name = both, @public = true, metadata = new { @public = "false" } }))).Dispose();
        Assert.Equal("true", await PublicOf(admin, legacy));
        Assert.Equal("false", await PublicOf(admin, both));
    }

    [Fact]
    public async Task Create_StorageLimit_IsValidatedForAdmins_AndIgnoredForOthers()
    {
        using var admin = harbor.Admin();
        foreach (var bad in new[] { -2L, 1125899906842625 })
        {
            using var rejected = await admin.PostAsync("api/v2.0/projects", HttpAssert.Json(new { project_name = harbor.Name("q"), storage_limit = bad }));
            await rejected.ErrorAsync(HttpStatusCode.BadRequest);
        }
        var limited = harbor.Name("limited");
        (await admin.PostAsync("api/v2.0/projects", HttpAssert.Json(new { project_name = limited, storage_limit = 1024 }))).Dispose();
        Assert.Equal(1024, harbor.Server.GetQuota(limited).Hard);

        var user = harbor.NewUser();
        using var client = harbor.Client(user, "pw-" + user);
        var mine = harbor.Name("mine");
        using var created = await client.PostAsync("api/v2.0/projects", HttpAssert.Json(new { project_name = mine, storage_limit = -2 }));
        await created.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(-1, harbor.Server.GetQuota(mine).Hard);
    }

    [Fact]
    public async Task Create_Anonymous401_ProjectRobot403_SystemRobotOwnedByAdmin_ProxyCacheAdminOnly()
    {
        using var anonymous = harbor.Client();
        using var noAuth = await anonymous.PostAsync("api/v2.0/projects", HttpAssert.Json(new { project_name = harbor.Name("a") }));
        await noAuth.ErrorAsync(HttpStatusCode.Unauthorized);

        var robot = harbor.Server.AddRobot(harbor.Name("proj"), "s", "library");
        using var projectRobot = harbor.Client(robot, "s");
        using var refused = await projectRobot.PostAsync("api/v2.0/projects", HttpAssert.Json(new { project_name = harbor.Name("r") }));
        Assert.Equal(("FORBIDDEN", "Only system level robot can create project"), await refused.ErrorAsync(HttpStatusCode.Forbidden));

        var system = harbor.Server.AddRobot(harbor.Name("sys"), "s");
        using var systemRobot = harbor.Client(system, "s");
        var name = harbor.Name("byrobot");
        using var created = await systemRobot.PostAsync("api/v2.0/projects", HttpAssert.Json(new { project_name = name }));
        await created.ExpectAsync(HttpStatusCode.Created);
        using var admin = harbor.Admin();
        var project = await (await admin.GetAsync($"api/v2.0/projects/{name}")).OkJsonAsync();
        Assert.Equal("admin", project.GetProperty("owner_name").GetString());

        var user = harbor.NewUser();
        using var client = harbor.Client(user, "pw-" + user);
        using var proxy = await client.PostAsync("api/v2.0/projects", HttpAssert.Json(new { project_name = harbor.Name("px"), registry_id = 1 }));
        Assert.Equal("Only system admin can create proxy cache project", (await proxy.ErrorAsync(HttpStatusCode.Forbidden)).Message);
        var cache = harbor.Name("cache");
        (await admin.PostAsync("api/v2.0/projects", HttpAssert.Json(new { project_name = cache, registry_id = 7 }))).Dispose();
        var cached = await (await admin.GetAsync($"api/v2.0/projects/{cache}")).OkJsonAsync();
        Assert.Equal(7, cached.GetProperty("registry_id").GetInt64());
    }

    [Fact]
    public async Task Create_AdminOnlyRestriction_RefusesUsers()
    {
        var user = harbor.NewUser();
        using var client = harbor.Client(user, "pw-" + user);
        harbor.Server.ProjectCreationRestriction = "adminonly";
        try
        {
            using var refused = await client.PostAsync("api/v2.0/projects", HttpAssert.Json(new { project_name = harbor.Name("ao") }));
            Assert.Equal("Only system admin can create project", (await refused.ErrorAsync(HttpStatusCode.Forbidden)).Message);
        }
        finally
        {
            harbor.Server.ProjectCreationRestriction = "everyone";
        }
    }

    private static async Task<string?> PublicOf(HttpClient client, string project) =>
        (await (await client.GetAsync($"api/v2.0/projects/{project}")).OkJsonAsync()).GetProperty("metadata").GetProperty("public").GetString();
}
