using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Web.Tests;

public sealed class HealthTests(WebApplicationFactory<Program> factory) : IClassFixture<WebApplicationFactory<Program>>
{
    [Fact]
    public async Task Healthz_AnswersOk()
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("ok", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Root_ServesThePageFromTheTopLevelWebRoot()
    {
        using var client = factory.CreateClient();
        var html = await client.GetStringAsync("/");
        Assert.Contains("Registry → Harbor migration", html);
    }
}
