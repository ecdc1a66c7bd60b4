using System.Net.Http.Headers;
using System.Runtime.Versioning;
using System.Text.Json;
using HarborDouble;
using Registry.Testing;
using Web.Tests.Api;
using Web.Tests.EndToEnd;

namespace Web.Tests.Faults;

/// <summary>
/// Source files the dashboard may not read: a blob's data and a tag's link in the storage folder are mode 000
/// (<see cref="UnreadableStorage"/>). The tests run as root, which reads any file whatever its mode, so the app runs
/// as <c>nobody</c>, a real process driven through the automation API; the target is the Harbor double.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class UnreadableSourceTests
{
    [Fact]
    public async Task Migration_AsAnotherUser_UnreadableBlobAndTagLink_FailThoseImagesWithTheFileAndCopyTheRest()
    {
        await using var storage = await UnreadableStorage.StartAsync();
        await using var harbor = await HarborDoubleServer.StartAsync(new HarborDoubleOptions { FailedLoginDelay = TimeSpan.FromMilliseconds(20) });
        await using var app = new DashboardProcess { User = "nobody" };
        await app.StartAsync();
        using var api = new HttpClient { BaseAddress = app.BaseUri };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", DashboardProcess.ApiToken);
        var source = await ApiCalls.CreateAsync(api, "/api/connections", new { name = "old", role = "source", location = storage.StorageRoot });
        var target = await ApiCalls.AddHarborTargetAsync(api, harbor);

        var id = await ApiCalls.CreateAsync(api, "/api/migrations", new { sourceId = source, targetId = target });
        var done = await ApiCalls.WaitForEndAsync(api, $"/api/migrations/{id}", 180);

        Assert.True(done.GetProperty("status").GetString() == "Failed", done.ToString());
        Assert.Equal(3, done.GetProperty("imagesDone").GetInt32());
        Assert.Equal(2, done.GetProperty("imagesFailed").GetInt32());
        var repositories = done.GetProperty("repositories").EnumerateArray()
            .ToDictionary(r => r.GetProperty("repository").GetString()!, r => r.GetProperty("status").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["locked/blob"] = "Failed", ["locked/link"] = "Failed", ["ok/app"] = "Succeeded" }, repositories);
        Assert.Equal(storage.Readable.Digest, harbor.FindDigest("ok/app", "1"));
        Assert.Null(harbor.FindDigest("locked/blob", "1"));
        Assert.Null(harbor.FindDigest("locked/link", "1"));

        var report = JsonDocument.Parse(await api.GetStringAsync($"/api/migrations/{id}/report")).RootElement;
        var errors = report.GetProperty("images").EnumerateArray()
            .ToDictionary(i => i.GetProperty("sourceRepository").GetString()!, i => i.GetProperty("error").GetString());
        Assert.Null(errors["ok/app"]);
        Assert.Contains($"cannot read '{storage.BlobData}': permission denied", errors["locked/blob"]);
        Assert.Contains(storage.LockedLayer, errors["locked/blob"]);
        Assert.Contains($"cannot read '{storage.TagLink}': permission denied", errors["locked/link"]);
        Assert.Contains(app.Output, line => line.Contains("permission denied") && line.Contains(storage.BlobData));
    }
}
