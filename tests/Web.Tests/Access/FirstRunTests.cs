using System.Net;

namespace Web.Tests.Access;

public sealed class FirstRunTests(FirstRunDashboardFactory factory) : IClassFixture<FirstRunDashboardFactory>
{
    [Fact]
    public async Task FirstRun_WithoutAPasswordInTheEnvironment_AsksForOneOnceThenSignsIn()
    {
        using var client = factory.CreateClient();
        var form = await client.GetStringAsync("/login");
        Assert.Contains("Set the admin password", form);

        using var tooShort = await PostSetUpAsync(client, form, "short", "short");
        Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);
        using var set = await PostSetUpAsync(client, form, "first-run-Pw9", "first-run-Pw9");
        Assert.Equal("/", set.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("_framework/blazor.web.js", await set.Content.ReadAsStringAsync());

        // A second visitor cannot set it again: the sign-in form is all they get.
        using var stranger = factory.CreateClient();
        var strangerForm = await stranger.GetStringAsync("/login");
        Assert.Contains("data-testid=\"login-password\"", strangerForm);
        using var takeover = await PostSetUpAsync(stranger, strangerForm, "takeover-Pw1", "takeover-Pw1");
        Assert.Equal("/login", takeover.RequestMessage!.RequestUri!.AbsolutePath);
        using var refused = await DashboardFactory.PostSignInAsync(stranger, "takeover-Pw1");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    private static Task<HttpResponseMessage> PostSetUpAsync(HttpClient client, string form, string password, string confirm) =>
        client.PostAsync("/setup", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = DashboardFactory.AntiforgeryToken(form), ["password"] = password, ["confirm"] = confirm,
        }));
}
