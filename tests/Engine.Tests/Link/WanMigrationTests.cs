using Engine.Tests.Fixtures;
using Migration.Engine.Copy;
using Migration.Engine.Link;
using Migration.Engine.Run;
using Migration.Engine.Sources;
using Registry.Testing;

namespace Engine.Tests.Link;

/// <summary>A migration over a long link: a real registry behind the user-space WAN (50 ms round trip).</summary>
[Collection(SourceRegistryCollection.Name)]
public sealed class WanMigrationTests(SourceRegistryFixture source)
{
    private static readonly TimeSpan RoundTrip = TimeSpan.FromMilliseconds(50);

    [Fact]
    public async Task OverA50msLink_TheMigrationCompletesVerifies_AndFindsTheLinksDepth()
    {
        await using var target = await TargetRegistry.StartAsync();
        await using var wan = WanProxy.Start(target.Proxy.Port, RoundTrip, megabitsPerSecond: 100);
        using var storage = ImageSourceFactory.Open(source.StorageRoot);
        var items = await TargetRegistry.SelectAsync(storage, new Migration.Engine.Plan.ImageFilter());
        using var client = new Migration.Engine.Registry.RegistryClient(new Migration.Engine.Registry.RegistryConnection(wan.Uri));
        var events = new Events();
        using var link = new LinkGovernor();

        var report = await new MigrationRunner(storage, client, new CopyOptions { Link = link }).RunAsync(items, events, CancellationToken.None);
        var again = await new MigrationRunner(storage, client, new CopyOptions()).RunAsync(items, new Events(), CancellationToken.None);

        ReportAssert.NoFailures(report);
        Assert.True(report.Verification!.Passed);
        Assert.Equal(report.Totals.BytesUploaded, target.Proxy.UploadedBytes);
        Assert.True(wan.BytesToUpstream >= report.Totals.BytesUploaded, "the bytes went through the WAN");
        // The run measured the link's round trip and took as many requests in flight as it calls for (one per 2.5 ms).
        Assert.InRange(link.RoundTrip!.Value, RoundTrip * 0.9, RoundTrip * 4);
        Assert.True(link.Status.Limit >= 16, $"limit {link.Status.Limit} at a {RoundTrip.TotalMilliseconds} ms round trip");
        ReportAssert.NoFailures(again);
        Assert.Equal(0, again.Totals.BytesUploaded);
        Assert.Equal(items.Count, again.Totals.ImagesAlreadyPresent);
        Assert.True(again.Verification!.Passed);
    }
}
