using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Web.Data;

namespace Web.Tests.Access;

public sealed class SignInTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private HttpClient Anonymous() => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Theory]
    [InlineData("/")]
    [InlineData("/connections")]
    [InlineData("/inventory")]
    [InlineData("/projects")]
    [InlineData("/migrations/new")]
    [InlineData("/jobs")]
    [InlineData("/jobs/1")]
    [InlineData("/settings")]
    [InlineData("/hangfire")]
    [InlineData("/exports/migrations/1/report.json")]
    [InlineData("/exports/scans/1.csv")]
    public async Task Pages_WithoutSignIn_RedirectToTheSignInPage(string path)
    {
        using var client = Anonymous();
        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login", response.Headers.Location!.AbsolutePath);
        Assert.Contains(Uri.EscapeDataString(path), response.Headers.Location.Query);
    }

    [Theory]
    [InlineData("GET", "/api/connections")]
    [InlineData("POST", "/api/migrations")]
    [InlineData("POST", "/hubs/jobs/negotiate?negotiateVersion=1")]
    public async Task MachineEndpoints_WithoutCredentials_Answer401(string method, string path)
    {
        using var client = Anonymous();
        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task SignIn_WithTheRightPassword_OpensEveryPageAndHangfire()
    {
        using var client = await factory.CreateSignedInClientAsync();

        foreach (var path in new[] { "/", "/jobs", "/settings", "/hangfire" })
        {
            using var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(path, response.RequestMessage!.RequestUri!.AbsolutePath);
        }
    }

    [Fact]
    public async Task SignIn_WithAWrongPassword_IsRefusedAndSetsNoSession()
    {
        using var client = factory.CreateClient();
        using var response = await DashboardFactory.PostSignInAsync(client, "not-the-password");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Wrong user name or password", await response.Content.ReadAsStringAsync());
        using var page = await client.GetAsync("/jobs");
        Assert.Equal("/login", page.RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task SignIn_WithoutTheAntiforgeryToken_IsRejected()
    {
        using var client = factory.CreateClient();
        using var response = await client.PostAsync("/login",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["password"] = DashboardFactory.AdminPassword }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var page = await client.GetAsync("/jobs");
        Assert.Equal("/login", page.RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task SignIn_ReturnUrlToAnotherSite_GoesHomeInstead()
    {
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await DashboardFactory.PostSignInAsync(client, DashboardFactory.AdminPassword, "//evil.example/phish");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Database_HoldsOnlyAHashOfTheAdminPassword()
    {
        using var client = factory.CreateClient(); // starts the app, which stores the seeded password
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        var account = await db.AdminAccounts.SingleAsync();

        Assert.StartsWith("pbkdf2-sha256$", account.PasswordHash);
        Assert.DoesNotContain(DashboardFactory.AdminPassword, account.PasswordHash);
    }
}
