using Engine.Tests.Fixtures;
using Migration.Engine.Copy;
using Migration.Engine.Oci;
using Migration.Engine.Sources;
using Migration.Engine.Verify;
using Registry.Testing;
using Migration.Engine.Plan;
using Migration.Engine.Run;

namespace Engine.Tests.Copy;

/// <summary>Several runs copying into one target at once (per-repository jobs on several workers) keep sending each
/// shared blob once, through <see cref="IBlobPlacementCoordinator"/>.</summary>
[Collection(SourceRegistryCollection.Name)]
public sealed class PlacementCoordinationTests(SourceRegistryFixture source)
{
    private static readonly Digest BaseLayer =
        Digest.Compute(SeededStream.Bytes(StandardDataset.BaseLayer.Seed, (int)StandardDataset.BaseLayer.Size));

    [Fact]
    public async Task TwoRuns_SharingACoordinator_UploadTheSharedLayerOnce()
    {
        await using var target = await TargetRegistry.StartAsync();
        using var storage = ImageSourceFactory.Open(source.StorageRoot);
        var first = await TargetRegistry.SelectAsync(storage, new ImageFilter { Include = ["alpine", "multi/*"] });
        var second = await TargetRegistry.SelectAsync(storage, new ImageFilter { Include = ["team-a/*"] });
        var placements = new InProcessBlobPlacements();
        using var client = target.Client();
        Events firstEvents = new(), secondEvents = new();

        var reports = await Task.WhenAll(
            new MigrationRunner(storage, client, new CopyOptions(), placements: placements).RunAsync(first, firstEvents, CancellationToken.None),
            new MigrationRunner(storage, client, new CopyOptions(), placements: placements).RunAsync(second, secondEvents, CancellationToken.None));

        Assert.All(reports, ReportAssert.NoFailures);
        // Each run planned alone against a fresh target, so each meant to upload the base layer itself.
        Assert.All([firstEvents, secondEvents], e => Assert.Contains(BaseLayer, e.All.OfType<PlanReady>().Single().Plan.ToUpload));
        Assert.All(target.Proxy.CommittedDigests, pair => Assert.Equal(1, pair.Value));
        Assert.Equal(1, target.Proxy.CommittedDigests[BaseLayer.ToString()]);
        Assert.Equal(reports.Sum(r => r.Totals.BytesUploaded), target.Proxy.UploadedBytes);
        var verification = await new Verifier(client).VerifyAsync([.. first, .. second], CancellationToken.None);
        Assert.True(verification.Passed, string.Join("\n", verification.Problems.Select(p => p.Detail)));
    }

    [Fact]
    public async Task Claim_HeldElsewhere_WaitsForThePlacementAndMountsFromIt()
    {
        await using var target = await TargetRegistry.StartAsync();
        using var storage = ImageSourceFactory.Open(source.StorageRoot);
        var items = await TargetRegistry.SelectAsync(storage, new ImageFilter { Include = ["alpine"] });
        var placements = new InProcessBlobPlacements();
        Assert.True((await placements.ClaimAsync(BaseLayer, "elsewhere/holder", CancellationToken.None)).Won);
        using var client = target.Client();

        var run = new MigrationRunner(storage, client, new CopyOptions(), placements: placements).RunAsync(items, new Events(), CancellationToken.None);
        await Task.Delay(500);
        Assert.False(run.IsCompleted, "the run must wait for the claim holder");
        // The holder: another party puts the layer on the target (straight into the registry, past the proxy).
        using (var push = new ImagePusher(target.Registry.BaseUri))
            await push.PushBlobAsync("elsewhere/holder", StandardDataset.BaseLayer);
        await placements.RecordAsync(BaseLayer, "elsewhere/holder", CancellationToken.None);
        var report = await run;

        ReportAssert.NoFailures(report);
        Assert.False(target.Proxy.CommittedDigests.ContainsKey(BaseLayer.ToString()));
        Assert.Contains(target.Proxy.Requests, r => r.Method == "POST" && r.Status == 201
            && r.Query.Contains($"mount={BaseLayer}") && r.Query.Contains("from=elsewhere%2Fholder", StringComparison.OrdinalIgnoreCase));
        Assert.NotNull(await client.HeadBlobAsync("library/alpine", BaseLayer, CancellationToken.None));
    }

    [Fact]
    public async Task Claim_ReleasedByAFailedHolder_TheWaitingRunUploadsItself()
    {
        await using var target = await TargetRegistry.StartAsync();
        using var storage = ImageSourceFactory.Open(source.StorageRoot);
        var items = await TargetRegistry.SelectAsync(storage, new ImageFilter { Include = ["alpine"] });
        var placements = new InProcessBlobPlacements();
        Assert.True((await placements.ClaimAsync(BaseLayer, "elsewhere/holder", CancellationToken.None)).Won);
        using var client = target.Client();

        var run = new MigrationRunner(storage, client, new CopyOptions(), placements: placements).RunAsync(items, new Events(), CancellationToken.None);
        await Task.Delay(500);
        Assert.False(run.IsCompleted, "the run must wait for the claim holder");
        await placements.ReleaseAsync(BaseLayer, CancellationToken.None);
        var report = await run;

        ReportAssert.NoFailures(report);
        Assert.Equal(1, target.Proxy.CommittedDigests[BaseLayer.ToString()]);
        Assert.NotNull(await client.HeadBlobAsync("library/alpine", BaseLayer, CancellationToken.None));
    }

    [Fact]
    public async Task Claim_TakenOverFromARunThatDied_MountsFromWhereThatRunWasUploading()
    {
        await using var target = await TargetRegistry.StartAsync();
        using var storage = ImageSourceFactory.Open(source.StorageRoot);
        var items = await TargetRegistry.SelectAsync(storage, new ImageFilter { Include = ["alpine"] });
        // The dead run's upload was committed (straight into the registry, past the proxy) but never recorded.
        using (var push = new ImagePusher(target.Registry.BaseUri))
            await push.PushBlobAsync("elsewhere/dead", StandardDataset.BaseLayer);
        using var client = target.Client();

        var report = await new MigrationRunner(storage, client, new CopyOptions(), placements: new DeadHolderPlacements(BaseLayer, "elsewhere/dead"))
            .RunAsync(items, new Events(), CancellationToken.None);

        ReportAssert.NoFailures(report);
        Assert.False(target.Proxy.CommittedDigests.ContainsKey(BaseLayer.ToString()), "the base layer was sent again");
        Assert.Contains(target.Proxy.Requests, r => r.Method == "POST" && r.Status == 201
            && r.Query.Contains($"mount={BaseLayer}") && r.Query.Contains("from=elsewhere%2Fdead", StringComparison.OrdinalIgnoreCase));
        Assert.NotNull(await client.HeadBlobAsync("library/alpine", BaseLayer, CancellationToken.None));
    }

    /// <summary>Claims as a shared database does after a worker died mid-upload: the claim on <paramref name="digest"/>
    /// is won by taking it over, naming the repository the dead run was uploading into.</summary>
    private sealed class DeadHolderPlacements(Digest digest, string deadUploadIn) : IBlobPlacementCoordinator
    {
        private readonly InProcessBlobPlacements _inner = new();

        public async Task<BlobClaim> ClaimAsync(Digest claimed, string repository, CancellationToken cancellationToken)
        {
            var claim = await _inner.ClaimAsync(claimed, repository, cancellationToken);
            return claimed == digest && claim.Won ? BlobClaim.TakenOverFrom(deadUploadIn) : claim;
        }

        public Task<string?> WaitForPlacementAsync(Digest waited, CancellationToken cancellationToken) => _inner.WaitForPlacementAsync(waited, cancellationToken);

        public Task RecordAsync(Digest placed, string repository, CancellationToken cancellationToken) => _inner.RecordAsync(placed, repository, cancellationToken);

        public Task ReleaseAsync(Digest released, CancellationToken cancellationToken) => _inner.ReleaseAsync(released, cancellationToken);
    }
}
