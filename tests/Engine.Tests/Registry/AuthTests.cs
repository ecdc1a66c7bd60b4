using Engine.Tests.Fixtures;
using Migration.Engine.Copy;
using Migration.Engine.Inventory;
using Migration.Engine.Registry;
using Migration.Engine.Sources;
using Registry.Testing;
using Migration.Engine.Plan;
using Migration.Engine.Run;

namespace Engine.Tests.Registry;

[Collection(SourceRegistryCollection.Name)]
public sealed class AuthTests(SourceRegistryFixture source)
{
    private const string User = "migrator";
    private const string Password = "correct horse battery";

    private static RegistryConnection Login(Uri uri, string password = Password) => new(uri) { Username = User, Password = password };

    [Fact]
    public async Task BasicAuthTarget_RightPassword_Migrates()
    {
        await using var target = await RegistryProcess.StartAsync(new RegistryProcessOptions { Htpasswd = (User, Password) });
        using var client = new RegistryClient(Login(target.BaseUri));
        using var storage = ImageSourceFactory.Open(source.StorageRoot);
        var items = await TargetRegistry.SelectAsync(storage, new ImageFilter());

        var report = await new MigrationRunner(storage, client, new CopyOptions()).RunAsync(items, new Events(), default);

        ReportAssert.NoFailures(report);
        ReportAssert.AllCopied(report, StandardDataset.TagCount);
    }

    [Fact]
    public async Task BasicAuthTarget_WrongPassword_SaysSoPlainly()
    {
        await using var target = await RegistryProcess.StartAsync(new RegistryProcessOptions { Htpasswd = (User, Password) });
        using var client = new RegistryClient(Login(target.BaseUri, "wrong"));

        var ex = await Assert.ThrowsAsync<RegistryAuthException>(() => client.PingAsync(default));

        Assert.Contains("wrong username or password", ex.Message);
        Assert.Contains(User, ex.Message);
        Assert.DoesNotContain("wrong\"", ex.Message);
    }

    [Fact]
    public async Task BasicAuthSource_ReadsWithTheRightPasswordAndRefusesTheWrongOne()
    {
        // A second registry process serving the same storage, with a login in front.
        await using var guarded = await RegistryProcess.StartAsync(new RegistryProcessOptions { Htpasswd = (User, Password), StorageRoot = source.StorageRoot });

        using (var good = new RegistryImageSource(new RegistryClient(Login(guarded.BaseUri))))
        {
            var inventory = await new Scanner(good).ScanAsync(new ScanOptions(), null, default);
            Assert.Equal(StandardDataset.TagCount, inventory.Totals.Tags);
        }
        using var bad = new RegistryImageSource(new RegistryClient(Login(guarded.BaseUri, "nope")));
        var ex = await Assert.ThrowsAsync<RegistryAuthException>(() => new Scanner(bad).ScanAsync(new ScanOptions(), null, default));
        Assert.Contains("wrong username or password", ex.Message);
    }

    [Fact]
    public async Task TokenAuthTarget_ShortLivedTokens_AreRefreshedAndTheRunSucceeds()
    {
        await using var issuer = await TokenIssuer.StartAsync(User, Password, TimeSpan.FromSeconds(2));
        await using var target = await RegistryProcess.StartAsync(new RegistryProcessOptions { TokenIssuer = issuer });
        using var client = new RegistryClient(Login(target.BaseUri));
        using var storage = ImageSourceFactory.Open(source.StorageRoot);
        var items = await TargetRegistry.SelectAsync(storage, new ImageFilter());
        var fetchedWhenPlanned = 0;
        // Every token from planning has expired by the time copying starts.
        var events = new Events { OnEvent = e => { if (e is PlanReady) { fetchedWhenPlanned = client.TokensFetched; Thread.Sleep(2500); } } };

        var report = await new MigrationRunner(storage, client, new CopyOptions()).RunAsync(items, events, default);

        ReportAssert.NoFailures(report);
        ReportAssert.AllCopied(report, StandardDataset.TagCount);
        Assert.True(client.TokensFetched > fetchedWhenPlanned, $"{client.TokensFetched} tokens, {fetchedWhenPlanned} at plan time");
        Assert.True((await new Migration.Engine.Verify.Verifier(client).VerifyAsync(items, default)).Passed);
    }

    [Fact]
    public async Task TokenAuth_WrongPassword_IsRefusedByTheTokenService()
    {
        await using var issuer = await TokenIssuer.StartAsync(User, Password);
        await using var target = await RegistryProcess.StartAsync(new RegistryProcessOptions { TokenIssuer = issuer });
        using var client = new RegistryClient(Login(target.BaseUri, "bad"));

        var ex = await Assert.ThrowsAsync<RegistryAuthException>(() => client.PingAsync(default));

        Assert.Contains("refused user 'migrator'", ex.Message);
    }

    [Fact]
    public async Task TokenAuthSource_IsReadOverHttp()
    {
        await using var issuer = await TokenIssuer.StartAsync(User, Password);
        await using var guarded = await RegistryProcess.StartAsync(new RegistryProcessOptions { TokenIssuer = issuer, StorageRoot = source.StorageRoot });
        await using var target = await TargetRegistry.StartAsync();
        using var http = new RegistryImageSource(new RegistryClient(Login(guarded.BaseUri)));

        var report = await target.MigrateAsync(http);

        ReportAssert.AllCopied(report, StandardDataset.TagCount);
    }
}
