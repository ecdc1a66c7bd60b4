using System.Net;

namespace HarborDouble.Tests.Api;

/// <summary>Request ids, the error envelope, cookies and CSRF, read-only mode, ping (docs/harbor.md#error-envelope to
/// docs/harbor.md#ping-and-system-info).</summary>
[Collection(HarborCollection.Name)]
public sealed class ConventionsTests(HarborFixture harbor)
{
    [Fact]
    public async Task Ping_AnswersPongAsPlainText()
    {
        using var client = harbor.Client();
        using var response = await client.GetAsync("api/v2.0/ping");
        await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("Pong", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Version_IsV20()
    {
        using var client = harbor.Client();
        var body = await (await client.GetAsync("api/version")).OkJsonAsync();
        Assert.Equal("v2.0", body.GetProperty("version").GetString());
    }

    [Fact]
    public async Task RequestId_IsEchoedOrGenerated_OnApiAndRegistryAnswers()
    {
        using var client = harbor.Client();
        using var echoed = new HttpRequestMessage(HttpMethod.Get, "api/v2.0/projects/nothing-here");
        echoed.Headers.Add("X-Request-Id", "trace-42");
        using var response = await client.SendAsync(echoed);
        Assert.Equal("trace-42", response.Header("X-Request-Id"));

        using var generated = await client.GetAsync("v2/");
        Assert.True(Guid.TryParse(generated.Header("X-Request-Id"), out _));
        using var admin = harbor.Admin();
        using var proxied = await admin.GetAsync("v2/");
        await proxied.ExpectAsync(HttpStatusCode.OK);
        Assert.True(Guid.TryParse(proxied.Header("X-Request-Id"), out _));
    }

    [Fact]
    public async Task Errors_UseHarborsEnvelope()
    {
        using var admin = harbor.Admin();
        using var response = await admin.GetAsync("api/v2.0/projects/no-such-project");
        var (code, message) = await response.ErrorAsync(HttpStatusCode.NotFound);
        Assert.Equal("NOT_FOUND", code);
        Assert.Equal("project no-such-project not found", message);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType!.ToString());
    }

    [Fact]
    public async Task Cookies_ClientThatKeepsSid_GetsCsrfRejection_OnApiAndRegistryWrites()
    {
        var project = harbor.Name("csrf");
        using var keeper = harbor.Client(harbor.Server.AdminUser, harbor.Server.AdminPassword, cookies: true);
        using var first = await keeper.GetAsync("api/v2.0/systeminfo");
        Assert.Contains(first.Headers.GetValues("Set-Cookie"), c => c.StartsWith("sid=", StringComparison.Ordinal));

        using var create = await keeper.PostAsync("api/v2.0/projects", HttpAssert.Json(new { project_name = project }));
        var (code, message) = await create.ErrorAsync(HttpStatusCode.Forbidden);
        Assert.Equal(("FORBIDDEN", "CSRF token invalid"), (code, message));
        using var upload = await keeper.PostAsync("v2/library/app/blobs/uploads/", new ByteArrayContent([]));
        Assert.Equal("CSRF token invalid", (await upload.ErrorAsync(HttpStatusCode.Forbidden)).Message);

        // The same credentials without cookies skip the check (docs/harbor.md#cookies-and-csrf).
        using var plain = harbor.Admin();
        using var created = await plain.PostAsync("api/v2.0/projects", HttpAssert.Json(new { project_name = project }));
        await created.ExpectAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Csrf_TokenFromAnEarlierResponse_LetsASessionWrite()
    {
        using var keeper = harbor.Client(harbor.Server.AdminUser, harbor.Server.AdminPassword, cookies: true);
        (await keeper.GetAsync("api/v2.0/systeminfo")).Dispose();
        using var checkedGet = await keeper.GetAsync("api/v2.0/systeminfo");
        var token = checkedGet.Header("X-Harbor-CSRF-Token");
        Assert.False(string.IsNullOrEmpty(token));

        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v2.0/projects") { Content = HttpAssert.Json(new { project_name = harbor.Name("session") }) };
        request.Headers.Add("X-Harbor-CSRF-Token", token);
        using var created = await keeper.SendAsync(request);
        await created.ExpectAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task ReadOnlyMode_RefusesWritesOnApiAndRegistry_AndShowsInSystemInfo()
    {
        using var admin = harbor.Admin();
        harbor.Server.ReadOnly = true;
        try
        {
            using var create = await admin.PostAsync("api/v2.0/projects", HttpAssert.Json(new { project_name = harbor.Name("ro") }));
            var (code, message) = await create.ErrorAsync(HttpStatusCode.Forbidden);
            Assert.Equal(("DENIED", "The system is in read only mode. Any modification is prohibited."), (code, message));
            using var upload = await admin.PostAsync("v2/library/app/blobs/uploads/", new ByteArrayContent([]));
            Assert.Equal("DENIED", (await upload.ErrorAsync(HttpStatusCode.Forbidden)).Code);
            var info = await (await admin.GetAsync("api/v2.0/systeminfo")).OkJsonAsync();
            Assert.True(info.GetProperty("read_only").GetBoolean());
        }
        finally
        {
            harbor.Server.ReadOnly = false;
        }
    }

    [Fact]
    public async Task UnknownApiPath_IsNotFoundInTheEnvelope()
    {
        using var client = harbor.Client();
        using var response = await client.GetAsync("api/v2.0/no/such/thing");
        Assert.Equal("NOT_FOUND", (await response.ErrorAsync(HttpStatusCode.NotFound)).Code);
    }
}
