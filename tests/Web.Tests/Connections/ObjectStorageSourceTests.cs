using System.Net;
using HarborDouble;
using Registry.Testing;
using Web.Tests.Api;

namespace Web.Tests.Connections;

/// <summary>Object storage as a dashboard source: a bucket filled by docker-registry's own s3 driver, its keys saved
/// (encrypted) with the connection, then tested, scanned and migrated with no registry running.</summary>
public sealed class ObjectStorageSourceTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task Bucket_TestedScannedAndMigrated_WithItsKeysKeptSecret()
    {
        await using var s3 = await S3Server.StartAsync();
        await using (var registry = await RegistryProcess.StartAsync(new RegistryProcessOptions { S3 = s3.Storage("/prod") }))
        {
            using var pusher = new ImagePusher(registry.BaseUri);
            await pusher.PushImageAsync("team/app", "1.0", new ImageSpec([new LayerSpec(901, 4096)]));
            await pusher.PushImageAsync("team/app", "1.1", new ImageSpec([new LayerSpec(901, 4096), new LayerSpec(902, 2048)]));
        }
        await using var harbor = await HarborDoubleServer.StartAsync(new HarborDoubleOptions { FailedLoginDelay = TimeSpan.FromMilliseconds(20) });
        using var api = factory.CreateApiClient();
        var location = $"s3://{s3.Bucket}/prod?endpoint={Uri.EscapeDataString(s3.Endpoint.ToString())}&path-style=true";

        var sourceId = await ApiCalls.CreateAsync(api, "/api/connections", new
        {
            name = "bucket", role = "source", location, username = S3Server.AccessKey, password = S3Server.SecretKey,
        }, HttpStatusCode.Created);
        var test = await ApiCalls.PostAsync(api, $"/api/connections/{sourceId}/test", new { });
        var scanId = await ApiCalls.CreateAsync(api, "/api/scans", new { connectionId = sourceId, deep = false }, HttpStatusCode.Accepted);
        var scan = await ApiCalls.WaitForEndAsync(api, $"/api/scans/{scanId}");
        var targetId = await ApiCalls.CreateAsync(api, "/api/connections", new
        {
            name = "bucket-harbor", role = "target", location = harbor.BaseUri.ToString(), username = harbor.AdminUser, password = harbor.AdminPassword,
        }, HttpStatusCode.Created);
        var migrationId = await ApiCalls.CreateAsync(api, "/api/migrations", new { sourceId, targetId }, HttpStatusCode.Accepted);
        var migration = await ApiCalls.WaitForEndAsync(api, $"/api/migrations/{migrationId}");

        Assert.True(test.GetProperty("ok").GetBoolean(), test.ToString());
        Assert.Contains("1 repositories", test.ToString());
        Assert.Equal(("Succeeded", 2), (scan.GetProperty("status").GetString(), scan.GetProperty("tags").GetInt32()));
        Assert.Equal(("Succeeded", true), (migration.GetProperty("status").GetString(), migration.GetProperty("verified").GetBoolean()));
        Assert.NotNull(harbor.FindDigest("team/app", "1.1"));
        // The secret key is never sent back.
        Assert.DoesNotContain(S3Server.SecretKey, await api.GetStringAsync("/api/connections"));
    }

    [Fact]
    public async Task BadOptionInTheLocation_IsRefusedOnSave()
    {
        using var api = factory.CreateApiClient();

        using var response = await api.PostAsync("/api/connections", System.Net.Http.Json.JsonContent.Create(new
        {
            name = "typo-bucket", role = "source", location = "s3://bucket/prefix?endpoitn=http://127.0.0.1:9000",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("unknown option 'endpoitn'", await response.Content.ReadAsStringAsync());
    }
}
