using System.Diagnostics;
using System.Net;

namespace HarborDouble.Tests.Api;

/// <summary>Bad credentials are anonymous (after a delay, with a lock-out), and how users and robots check them
/// (docs/harbor.md#bad-credentials, docs/harbor.md#robot-accounts).</summary>
[Collection(HarborCollection.Name)]
public sealed class AuthenticationTests(HarborFixture harbor)
{
    [Fact]
    public async Task BadCredentials_RunAsAnonymous_AfterTheLoginDelay()
    {
        var hidden = harbor.Name("hidden");
        harbor.Server.CreateProject(hidden);
        var user = harbor.NewUser();
        using var wrong = harbor.Client(user, "wrong");

        var clock = Stopwatch.StartNew();
        using var list = await wrong.GetAsync("api/v2.0/projects?page_size=100");
        Assert.True(clock.Elapsed >= HarborFixture.LoginDelay * 0.9, $"answered after {clock.Elapsed}");
        var names = (await list.OkJsonAsync()).Names().ToList();
        Assert.Contains("library", names);
        Assert.DoesNotContain(hidden, names);

        using var current = await wrong.GetAsync("api/v2.0/users/current");
        Assert.Equal(("UNAUTHORIZED", "unauthorized"), await current.ErrorAsync(HttpStatusCode.Unauthorized));
        using var create = await wrong.PostAsync("api/v2.0/projects", HttpAssert.Json(new { project_name = harbor.Name("nope") }));
        await create.ErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task FailedLogin_LocksTheUserWhileItSleeps_EvenAgainstTheRightPassword()
    {
        var user = harbor.NewUser();
        using var wrong = harbor.Client(user, "wrong");
        using var right = harbor.Client(user, "pw-" + user);
        // The lock lasts as long as the failed request sleeps, so it bites requests running in parallel
        // (docs/harbor.md#bad-credentials). A longer delay for this one test leaves room for a slow machine on both
        // sides of the parallel request.
        harbor.Server.FailedLoginDelay = TimeSpan.FromSeconds(1);
        try
        {
            var failing = wrong.GetAsync("api/v2.0/users/current");
            await Task.Delay(TimeSpan.FromMilliseconds(300));
            using var locked = await right.GetAsync("api/v2.0/users/current");
            await locked.ErrorAsync(HttpStatusCode.Unauthorized);
            (await failing).Dispose();
        }
        finally
        {
            harbor.Server.FailedLoginDelay = HarborFixture.LoginDelay;
        }

        await Task.Delay(TimeSpan.FromMilliseconds(50));
        using var unlocked = await right.GetAsync("api/v2.0/users/current");
        await unlocked.ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task CurrentUser_IsUserRespForUsers_412ForRobots_401ForAnonymous()
    {
        var user = harbor.NewUser();
        using var client = harbor.Client(user, "pw-" + user);
        var me = await (await client.GetAsync("api/v2.0/users/current")).OkJsonAsync();
        Assert.Equal(user, me.GetProperty("username").GetString());
        Assert.False(me.GetProperty("sysadmin_flag").GetBoolean());
        Assert.True(me.GetProperty("user_id").GetInt64() > 1);

        var robot = harbor.Server.AddRobot(harbor.Name("ci"), "robot-secret");
        using var robotClient = harbor.Client(robot, "robot-secret");
        using var precondition = await robotClient.GetAsync("api/v2.0/users/current");
        Assert.Equal(("PRECONDITION", "get current user not available for security context: robot"),
            await precondition.ErrorAsync(HttpStatusCode.PreconditionFailed));

        using var anonymous = harbor.Client();
        await (await anonymous.GetAsync("api/v2.0/users/current")).ErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task CurrentPermissions_AnswerAnyPrincipal_AndTellPushRightsPerProject()
    {
        var project = harbor.Name("perm");
        var id = harbor.Server.CreateProject(project);
        var robot = harbor.Server.AddRobot(harbor.Name("pusher"), "s3cret", project);
        using var robotClient = harbor.Client(robot, "s3cret");
        var permissions = await (await robotClient.GetAsync($"api/v2.0/users/current/permissions?scope=/project/{id}&relative=true")).OkJsonAsync();
        Assert.Contains(permissions.EnumerateArray(), p => p.GetProperty("resource").GetString() == "repository" && p.GetProperty("action").GetString() == "push");

        var outsider = harbor.NewUser();
        using var outsiderClient = harbor.Client(outsider, "pw-" + outsider);
        var none = await (await outsiderClient.GetAsync($"api/v2.0/users/current/permissions?scope=/project/{id}&relative=true")).OkJsonAsync();
        Assert.Empty(none.EnumerateArray());

        using var anonymous = harbor.Client();
        await (await anonymous.GetAsync("api/v2.0/users/current/permissions")).ErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task SystemInfo_AnonymousGetsAuthFieldsOnly_AnyPrincipalGetsTheRest()
    {
        using var anonymous = harbor.Client();
        var open = await (await anonymous.GetAsync("api/v2.0/systeminfo")).OkJsonAsync();
        Assert.Equal("db_auth", open.GetProperty("auth_mode").GetString());
        Assert.False(open.TryGetProperty("harbor_version", out _));
        Assert.False(open.TryGetProperty("registry_url", out _));

        var robot = harbor.Server.AddRobot(harbor.Name("info"), "x");
        using var robotClient = harbor.Client(robot, "x");
        var full = await (await robotClient.GetAsync("api/v2.0/systeminfo")).OkJsonAsync();
        Assert.StartsWith("v2.", full.GetProperty("harbor_version").GetString());
        Assert.Equal(harbor.Server.RegistryHost, full.GetProperty("registry_url").GetString());
        Assert.Equal(harbor.BaseUri.ToString().TrimEnd('/'), full.GetProperty("external_url").GetString());
        Assert.Equal("everyone", full.GetProperty("project_creation_restriction").GetString());
        Assert.False(full.GetProperty("read_only").GetBoolean());
    }
}
