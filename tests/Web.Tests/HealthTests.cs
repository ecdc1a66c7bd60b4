using System.Net;

namespace Web.Tests;

public sealed class HealthTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
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
    public async Task Readyz_ChecksDatabaseJobsAndDisk()
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync("/readyz");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"database\":\"ok\"", body);
        Assert.Contains("\"jobs\":\"ok\"", body);
        Assert.Contains("\"disk\":\"ok\"", body);
    }

    [Fact]
    public async Task Start_AppliesMigrationsAndKeepsEverythingInTheDataFolder()
    {
        using var client = await factory.CreateSignedInClientAsync();
        var html = await client.GetStringAsync("/connections");

        Assert.Contains("_framework/blazor.web.js", html);
        Assert.True(File.Exists(Path.Combine(factory.DataFolder, "dashboard.db")));
        Assert.True(File.Exists(Path.Combine(factory.DataFolder, "hangfire.db")));
        Assert.True(Directory.Exists(Path.Combine(factory.DataFolder, "keys")));
    }

    [Theory]
    [InlineData("/_framework/blazor.web.js")]
    [InlineData("/_content/MudBlazor/MudBlazor.min.css")]
    [InlineData("/app.css")]
    public async Task StaticFiles_AreServed(string path)
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
