using Engine.Tests.Fixtures;
using Migration.Engine.Copy;
using Migration.Engine.Oci;
using Migration.Engine.Registry;
using Migration.Engine.Sources;
using Registry.Testing;
using Migration.Engine.Plan;
using Migration.Engine.Run;

namespace Engine.Tests.Copy;

/// <summary>Faults in the middle of a run: a target that goes away and comes back, a download that breaks mid-blob.</summary>
[Collection(SourceRegistryCollection.Name)]
public sealed class FaultTests(SourceRegistryFixture source)
{
    private static readonly string BaseLayer = Digest.Compute(SeededStream.Bytes(StandardDataset.BaseLayer.Seed, (int)StandardDataset.BaseLayer.Size)).ToString();

    [Fact]
    public async Task TargetRestarted_MidMigration_RetriesCarryTheRunThrough()
    {
        await using var target = await RegistryProcess.StartAsync();
        using var storage = ImageSourceFactory.Open(source.StorageRoot);
        var items = await TargetRegistry.SelectAsync(storage, new ImageFilter());
        Task? restart = null;
        var uploads = 0;
        var uploadedAfterRestart = 0;
        var events = new Events
        {
            OnEvent = e =>
            {
                if (e is not BlobDone { Action: BlobAction.Upload }) return;
                if (Interlocked.Increment(ref uploads) != 1)
                {
                    if (restart is { IsCompleted: true }) Interlocked.Increment(ref uploadedAfterRestart);
                    return;
                }
                // Killed as the first blob lands, so the rest of the run meets a dead port; back a second later on the same storage.
                target.Stop();
                restart = Task.Run(() => target.RestartAsync(TimeSpan.FromSeconds(1)));
            },
        };
        using var client = new RegistryClient(new RegistryConnection(target.BaseUri));

        var report = await new MigrationRunner(storage, client, new CopyOptions { Concurrency = 2 }).RunAsync(items, events, CancellationToken.None);

        Assert.NotNull(restart);
        await restart;
        ReportAssert.NoFailures(report);
        ReportAssert.AllCopied(report, StandardDataset.TagCount);
        Assert.NotEmpty(events.All.OfType<Retrying>());
        Assert.True(uploadedAfterRestart > 0, "no upload finished after the restart: it did not land mid-run");
        Assert.True(report.Verification!.Passed, string.Join("\n", report.Verification.Problems.Select(p => p.Detail)));
    }

    [Fact]
    public async Task SourceDownload_DroppedMidBlob_IsRetriedWithAFreshStreamAndLandsIntact()
    {
        await using var target = await TargetRegistry.StartAsync();
        await using var sourceProxy = await CountingProxy.StartAsync(source.Registry.BaseUri);
        var cut = 0;
        // The first read of the 300 kB base layer stops after 100 kB and the connection drops.
        sourceProxy.CutResponse = request =>
            request.Method == "GET" && request.Path.Value!.EndsWith(BaseLayer) && Interlocked.Exchange(ref cut, 1) == 0 ? 100_000 : null;
        using var http = ImageSourceFactory.Open(sourceProxy.BaseUri.ToString());
        var events = new Events();

        var report = await target.MigrateAsync(http, filter: new ImageFilter { Include = ["alpine"] }, progress: events);

        ReportAssert.NoFailures(report);
        Assert.Equal(1, cut);
        Assert.Equal(2, sourceProxy.Requests.Count(r => r.Method == "GET" && r.Path.EndsWith(BaseLayer)));
        Assert.Contains(events.All.OfType<Retrying>(), r => r.What.StartsWith($"upload {BaseLayer[7..19]}"));
        Assert.Equal(1, target.Proxy.CommittedDigests[BaseLayer]);
        Assert.True(report.Verification!.Passed);
        using var check = new HttpClient();
        var landed = await check.GetByteArrayAsync(new Uri(target.Registry.BaseUri, $"v2/library/alpine/blobs/{BaseLayer}"));
        Assert.Equal(BaseLayer, Digest.Compute(landed).ToString());
    }
}
