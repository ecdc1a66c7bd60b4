using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace HarborDouble.Tests.Registry;

/// <summary>`GET /service/token` (docs/harbor.md#token-service).</summary>
[Collection(HarborCollection.Name)]
public sealed class TokenServiceTests(HarborFixture harbor)
{
    [Fact]
    public async Task WrongService_Is400PlainText()
    {
        using var client = harbor.Admin();
        using var response = await client.GetAsync("service/token?service=registry&scope=repository:library/x:pull");
        await response.ExpectAsync(HttpStatusCode.BadRequest);
        Assert.Equal("Unable to handle service: registry", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Response_HasTokenEmptyAccessTokenLifetimeAndIssuedAt()
    {
        using var client = harbor.Admin();
        var body = await (await client.GetAsync("service/token?service=harbor-registry&scope=repository:library/x:pull")).OkJsonAsync();
        Assert.False(string.IsNullOrEmpty(body.GetProperty("token").GetString()));
        Assert.Equal("", body.GetProperty("access_token").GetString());
        Assert.Equal(1800, body.GetProperty("expires_in").GetInt32());
        Assert.True(DateTimeOffset.TryParse(body.GetProperty("issued_at").GetString(), out _));
        Assert.False(body.TryGetProperty("refresh_token", out _));

        var (header, claims) = Decode(body.GetProperty("token").GetString()!);
        Assert.Equal("RS256", header.GetProperty("alg").GetString());
        Assert.False(string.IsNullOrEmpty(header.GetProperty("kid").GetString()));
        Assert.Equal("harbor-token-issuer", claims.GetProperty("iss").GetString());
        Assert.Equal("harbor-registry", claims.GetProperty("aud").GetString());
        Assert.Equal("admin", claims.GetProperty("sub").GetString());
    }

    [Fact]
    public async Task Grants_EveryActionHeld_WhateverWasAsked_AndNothingForAMissingProject()
    {
        var project = harbor.Name("tok");
        harbor.Server.CreateProject(project);
        var user = harbor.NewUser();
        harbor.Server.AddProjectMember(project, user);
        using var member = harbor.Client(user, "pw-" + user);
        var memberAccess = await AccessAsync(member, $"repository:{project}/app:pull", "repository:nowhere/app:pull,push");
        Assert.Equal(["pull", "push"], memberAccess[$"{project}/app"]);
        Assert.Empty(memberAccess["nowhere/app"]);

        using var admin = harbor.Admin();
        var adminAccess = await AccessAsync(admin, $"repository:{project}/app:pull");
        Assert.Equal(["pull", "push", "delete"], adminAccess[$"{project}/app"]);
        Assert.Equal(["*"], (await AccessAsync(admin, "registry:catalog:*"))["catalog"]);

        var robot = harbor.Server.AddRobot(harbor.Name("puller"), "s", project, "pull");
        using var robotClient = harbor.Client(robot, "s");
        Assert.Equal(["pull"], (await AccessAsync(robotClient, $"repository:{project}/app:pull,push"))[$"{project}/app"]);
    }

    [Fact]
    public async Task Scopes_MayRepeatAndBeSpaceSeparated()
    {
        using var admin = harbor.Admin();
        var access = await AccessAsync(admin, "repository:library/a:pull repository:library/b:pull", "repository:library/c:push");
        Assert.Equal(new[] { "library/a", "library/b", "library/c" }, access.Keys.Order());
    }

    [Fact]
    public async Task Anonymous_WithScopeGetsPullOnPublicOnly_WithoutScopeIs401()
    {
        var closed = harbor.Name("closed");
        harbor.Server.CreateProject(closed);
        using var anonymous = harbor.Client();
        var access = await AccessAsync(anonymous, "repository:library/app:pull,push", $"repository:{closed}/app:pull");
        Assert.Equal(["pull"], access["library/app"]);
        Assert.Empty(access[$"{closed}/app"]);

        using var noScope = await anonymous.GetAsync("service/token?service=harbor-registry");
        await noScope.ExpectAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("", await noScope.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task BadCredentialsWithScope_Get200AndAUselessToken()
    {
        var user = harbor.NewUser();
        using var wrong = harbor.Client(user, "wrong");
        var body = await (await wrong.GetAsync("service/token?service=harbor-registry&scope=repository:library/app:push")).OkJsonAsync();
        var (_, claims) = Decode(body.GetProperty("token").GetString()!);
        Assert.Equal("", claims.GetProperty("sub").GetString());
        Assert.Equal(["pull"], claims.GetProperty("access")[0].GetProperty("actions").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task Post_Is405()
    {
        using var admin = harbor.Admin();
        using var response = await admin.PostAsync("service/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["service"] = "harbor-registry", ["scope"] = "repository:library/app:pull",
        }));
        await response.ExpectAsync(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task Token_ExpiresAfterItsLifetime_ThenV2AnswersWithBasicChallenge()
    {
        using var admin = harbor.Admin();
        harbor.Server.TokenLifetime = TimeSpan.FromSeconds(2);
        string token;
        try
        {
            var body = await (await admin.GetAsync("service/token?service=harbor-registry&scope=repository:library/app:pull")).OkJsonAsync();
            Assert.Equal(2, body.GetProperty("expires_in").GetInt32());
            token = body.GetProperty("token").GetString()!;
        }
        finally
        {
            harbor.Server.TokenLifetime = TimeSpan.FromMinutes(30);
        }
        using var bearer = harbor.Client();
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        await (await bearer.GetAsync("v2/")).ExpectAsync(HttpStatusCode.OK);

        // exp is whole seconds and the fixture allows no leeway, so 3 s is always past it.
        await Task.Delay(TimeSpan.FromSeconds(3.1));
        using var expired = await bearer.GetAsync("v2/");
        await expired.ErrorAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("Basic realm=\"harbor\"", expired.Challenge());
    }

    private static async Task<Dictionary<string, List<string>>> AccessAsync(HttpClient client, params string[] scopes)
    {
        var query = string.Join('&', scopes.Select(s => "scope=" + Uri.EscapeDataString(s)));
        var body = await (await client.GetAsync($"service/token?service=harbor-registry&{query}")).OkJsonAsync();
        var (_, claims) = Decode(body.GetProperty("token").GetString()!);
        return claims.GetProperty("access").EnumerateArray().ToDictionary(
            a => a.GetProperty("name").GetString()!,
            a => a.GetProperty("actions").EnumerateArray().Select(x => x.GetString()!).ToList());
    }

    public static (JsonElement Header, JsonElement Claims) Decode(string jwt)
    {
        static JsonElement Part(string text)
        {
            var padded = text.Replace('-', '+').Replace('_', '/');
            padded = padded.PadRight(padded.Length + (4 - padded.Length % 4) % 4, '=');
            return JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(padded))).RootElement.Clone();
        }
        var parts = jwt.Split('.');
        return (Part(parts[0]), Part(parts[1]));
    }
}
