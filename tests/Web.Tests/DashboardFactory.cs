using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Hosting;

namespace Web.Tests;

/// <summary>The real app on a temporary data folder, so each test class starts from an empty dashboard. It starts
/// with an admin password and an API token set in its environment, as an operator would run it.</summary>
public class DashboardFactory : WebApplicationFactory<Web.DashboardPaths>
{
    public const string AdminPassword = "factory-admin-Pw1";
    public const string ApiToken = "rhd_factory-token-0123456789abcdef";

    private string? _dataFolder;

    /// <summary>A fresh temporary folder, unless the test gives one (a small mount, say).</summary>
    public string DataFolder
    {
        get => _dataFolder ??= Directory.CreateTempSubdirectory("dashboard-data-").FullName;
        init => _dataFolder = value;
    }

    // AddHangfire gives DI the static JobStorage.Current, so two apps starting at once in one test process can end up on
    // each other's storage and never see their own jobs. Apps start one at a time; each then keeps its own.
    private static readonly Lock StartGate = new();

    protected virtual string? SeededAdminPassword => AdminPassword;

    protected override IHost CreateHost(IHostBuilder builder)
    {
        lock (StartGate) return base.CreateHost(builder);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("DASHBOARD_DATA", DataFolder);
        builder.UseSetting("DASHBOARD_API_TOKEN", ApiToken);
        if (SeededAdminPassword is { } password) builder.UseSetting("DASHBOARD_ADMIN_PASSWORD", password);
    }

    /// <summary>A client that sends the seeded API token, as a script would.</summary>
    public HttpClient CreateApiClient()
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiToken);
        return client;
    }

    /// <summary>A browser-like client (cookies, redirects) that has signed in through the sign-in form.</summary>
    public async Task<HttpClient> CreateSignedInClientAsync(string password = AdminPassword)
    {
        var client = CreateClient();
        using var response = await PostSignInAsync(client, password);
        response.EnsureSuccessStatusCode();
        return client;
    }

    public static async Task<HttpResponseMessage> PostSignInAsync(HttpClient client, string password, string returnUrl = "/")
    {
        var form = await client.GetStringAsync("/login");
        return await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiforgeryToken(form), ["password"] = password, ["returnUrl"] = returnUrl,
        }));
    }

    public static string AntiforgeryToken(string html) =>
        Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try { Directory.Delete(DataFolder, true); } catch (IOException) { }
    }
}
