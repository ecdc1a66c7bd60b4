using HarborDouble;
using Registry.Testing;
using Web.Data;
using Web.Features.Connections;

namespace Web.Tests.Connections;

public sealed class ConnectionTesterTests : IDisposable
{
    private readonly ConnectionServices _services = new();

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task Harbor_ShowsVersionIdentityCreateRightsAndV2Login()
    {
        await using var harbor = await HarborDoubleServer.StartAsync(new HarborDoubleOptions { FailedLoginDelay = TimeSpan.FromMilliseconds(20) });
        var target = await _services.Connections.AddAsync(new ConnectionForm
        {
            Name = "harbor", Role = ConnectionRole.Target, Location = harbor.BaseUri.ToString(), Username = harbor.AdminUser, Password = harbor.AdminPassword,
        });

        var result = await _services.Tester.TestAsync(target.Id);

        Assert.True(result.Ok, result.Error);
        Assert.Contains(result.Facts, f => f.StartsWith("Harbor v2."));
        Assert.Contains("signed in as user 'admin' (system admin)", result.Facts);
        Assert.Contains("may create projects", result.Facts);
        Assert.Contains("/v2/ login works", result.Facts);
    }

    [Fact]
    public async Task Harbor_WrongPassword_SaysSoInPlainWords()
    {
        await using var harbor = await HarborDoubleServer.StartAsync(new HarborDoubleOptions { FailedLoginDelay = TimeSpan.FromMilliseconds(20) });
        var target = await _services.Connections.AddAsync(new ConnectionForm
        {
            Name = "harbor", Role = ConnectionRole.Target, Location = harbor.BaseUri.ToString(), Username = "admin", Password = "Wr0ng-pass",
        });

        var result = await _services.Tester.TestAsync(target.Id);

        Assert.False(result.Ok);
        Assert.Contains("wrong username or password", result.Error);
        Assert.DoesNotContain("Wr0ng-pass", result.Error);
    }

    [Fact]
    public async Task StorageFolder_CountsRepositories_AndAMissingFolderIsExplained()
    {
        await using var registry = await RegistryProcess.StartAsync();
        using (var push = new ImagePusher(registry.BaseUri))
            await push.PushImageAsync("team/app", "1", new ImageSpec([new LayerSpec(1, 1000)]));
        var good = await _services.Connections.AddAsync(new ConnectionForm { Name = "old", Location = registry.StorageRoot });
        var bad = await _services.Connections.AddAsync(new ConnectionForm { Name = "gone", Location = "/nonexistent/registry" });

        var ok = await _services.Tester.TestAsync(good.Id);
        var missing = await _services.Tester.TestAsync(bad.Id);

        Assert.True(ok.Ok, ok.Error);
        Assert.Contains("1 repositories", ok.Facts);
        Assert.False(missing.Ok);
        Assert.Contains("does not exist", missing.Error);
    }

    [Fact]
    public async Task Password_IsStoredEncryptedAndNeverReturnedToPages()
    {
        const string secret = "S3cret-Value-42";
        await _services.Connections.AddAsync(new ConnectionForm
        {
            Name = "harbor", Role = ConnectionRole.Target, Location = "https://harbor.example.com", Username = "admin", Password = secret,
        });

        var listed = Assert.Single(await _services.Connections.ListAsync());

        Assert.True(listed.HasPassword);
        Assert.DoesNotContain(secret, listed.ToString());
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var bytes = await File.ReadAllBytesAsync(_services.DatabaseFile);
        Assert.DoesNotContain(secret, System.Text.Encoding.UTF8.GetString(bytes));
        var (_, registry) = await _services.Connections.OpenAsync(listed.Id);
        Assert.Equal(secret, registry!.Password);
    }
}
