using Registry.Testing;
using Engine.Tests.Fixtures;
using Migration.Engine.Copy;
using Migration.Engine.Sources;
using Migration.Engine.Plan;
using Migration.Engine.Run;

namespace Engine.Tests.Copy;

[Collection(SourceRegistryCollection.Name)]
public sealed class ResumeTests(SourceRegistryFixture source)
{
    [Fact]
    public async Task Cancel_ThenRunAgain_FinishesWithNoBlobCommittedTwice()
    {
        await using var target = await TargetRegistry.StartAsync();
        using var storage = ImageSourceFactory.Open(source.StorageRoot);
        using var cancel = new CancellationTokenSource();
        var uploads = 0;
        var events = new Events { OnEvent = e => { if (e is BlobDone { Action: BlobAction.Upload } && Interlocked.Increment(ref uploads) == 3) cancel.Cancel(); } };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            target.MigrateAsync(storage, new CopyOptions { Concurrency = 2 }, progress: events, cancellationToken: cancel.Token));
        var committedBefore = target.Proxy.CommittedDigests.Count;
        var again = await target.MigrateAsync(storage);

        Assert.InRange(committedBefore, 3, again.Plan.BlobsToUpload + committedBefore - 1);
        ReportAssert.NoFailures(again);
        Assert.All(target.Proxy.CommittedDigests, pair => Assert.Equal(1, pair.Value));
        Assert.Equal(committedBefore + again.Totals.BlobsUploaded, target.Proxy.CommittedDigests.Count);
    }

    // distribution keeps the bytes of a broken PATCH, and then refuses the session's last Location (its signed offset
    // no longer matches, docs/distribution.md#chunked-uploads): that blob starts over. When the registry kept nothing,
    // its Range says where to go on and the upload resumes in the same session.
    [Theory]
    [InlineData(0, false)]
    [InlineData(10_000, true)]
    public async Task ChunkedUpload_ConnectionDroppedMidChunk_ResumesOrRestartsAsTheRegistryAllows(long cutAfter, bool restarts)
    {
        await using var target = await TargetRegistry.StartAsync();
        using var storage = ImageSourceFactory.Open(source.StorageRoot);
        var faulted = 0;
        // Cut the second chunk of the first large blob.
        target.Proxy.Fault = request =>
            request.Method == "PATCH" && request.Headers["Content-Range"].ToString().StartsWith("65536-") && Interlocked.Exchange(ref faulted, 1) == 0
                ? cutAfter : null;
        var options = new CopyOptions { ChunkThreshold = 100_000, ChunkSize = 64 * 1024 };
        var filter = new ImageFilter { Include = ["alpine"] };

        var report = await target.MigrateAsync(storage, options, filter);

        ReportAssert.NoFailures(report);
        Assert.Equal(1, faulted);
        var requests = target.Proxy.Requests.ToList();
        Assert.Single(requests, r => r.Status == 0);
        var status = Assert.Single(requests, r => r.Method == "GET" && r.Path.Contains("/blobs/uploads/"));
        Assert.Equal(restarts ? 404 : 204, status.Status);
        var sessions = requests.Count(r => r.Method == "POST" && r.Path.EndsWith("/blobs/uploads/"));
        Assert.Equal(report.Totals.BlobsUploaded + (restarts ? 1 : 0), sessions);
        Assert.All(target.Proxy.CommittedDigests, pair => Assert.Equal(1, pair.Value));
        using var client = target.Client();
        Assert.True((await new Migration.Engine.Verify.Verifier(client).VerifyAsync(await TargetRegistry.SelectAsync(storage, filter), default)).Passed);
    }

    // distribution answers "Range: 0-0" for an empty session and for one holding one byte alike
    // (docs/distribution.md#range-header): a first chunk cut before any byte landed must not read as one byte held.
    [Fact]
    public async Task ChunkedUpload_FirstChunkCutBeforeAnyByte_ResumesFromZero()
    {
        await using var target = await TargetRegistry.StartAsync();
        using var storage = ImageSourceFactory.Open(source.StorageRoot);
        var faulted = 0;
        target.Proxy.Fault = request =>
            request.Method == "PATCH" && request.Headers["Content-Range"].ToString().StartsWith("0-") && Interlocked.Exchange(ref faulted, 1) == 0
                ? 0 : null;
        var options = new CopyOptions { ChunkThreshold = 100_000, ChunkSize = 64 * 1024 };

        var report = await target.MigrateAsync(storage, options, new ImageFilter { Include = ["alpine"] });

        ReportAssert.NoFailures(report);
        Assert.Equal(1, faulted);
        Assert.All(target.Proxy.CommittedDigests, pair => Assert.Equal(1, pair.Value));
        // Resumed in the same session: no upload started over, no commit refused.
        var requests = target.Proxy.Requests.ToList();
        Assert.Equal(report.Totals.BlobsUploaded, requests.Count(r => r.Method == "POST" && r.Path.EndsWith("/blobs/uploads/")));
        Assert.DoesNotContain(requests, r => r.Method == "PUT" && r.Status == 400);
        Assert.True(report.Verification!.Passed);
    }

    [Fact]
    public async Task WholeUpload_ConnectionDropped_IsRetriedWithAFreshStream()
    {
        await using var target = await TargetRegistry.StartAsync();
        using var storage = ImageSourceFactory.Open(source.StorageRoot);
        var faulted = 0;
        target.Proxy.Fault = request =>
            request.Method == "PUT" && request.Path.Value!.Contains("/blobs/uploads/") && request.ContentLength > 100_000 &&
            Interlocked.Exchange(ref faulted, 1) == 0 ? 50_000 : null;

        var report = await target.MigrateAsync(storage, filter: new ImageFilter { Include = ["alpine"] });

        ReportAssert.NoFailures(report);
        Assert.Equal(1, faulted);
        Assert.All(target.Proxy.CommittedDigests, pair => Assert.Equal(1, pair.Value));
        Assert.Equal(report.Totals.BytesUploaded + 50_000, target.Proxy.UploadedBytes);
        Assert.True(report.Verification!.Passed);
    }

    [Fact]
    public async Task ServerErrorsAndThrottling_AreRetriedWithBackoff()
    {
        await using var target = await TargetRegistry.StartAsync();
        using var storage = ImageSourceFactory.Open(source.StorageRoot);
        var refused = 0;
        // The first six writes get 503, 502 or 429 (with Retry-After), as an overloaded registry behind a proxy answers.
        target.Proxy.Refuse = request =>
            request.Method is "POST" or "PUT" && Interlocked.Increment(ref refused) <= 6 ? (refused % 3) switch { 0 => 503, 1 => 502, _ => 429 } : null;
        var events = new Events();

        var report = await target.MigrateAsync(storage, new CopyOptions { Concurrency = 2 }, filter: new ImageFilter { Include = ["team-a/*"] }, progress: events);

        ReportAssert.NoFailures(report);
        Assert.True(refused > 6);
        Assert.NotEmpty(events.All.OfType<Retrying>());
        Assert.All(target.Proxy.CommittedDigests, pair => Assert.Equal(1, pair.Value));
    }

    [Fact]
    public async Task BlobLeftByAnInterruptedRun_InARepositoryWithNoTagsYet_IsNotSentAgain()
    {
        await using var target = await TargetRegistry.StartAsync();
        using var storage = ImageSourceFactory.Open(source.StorageRoot);
        // An earlier run uploaded the shared tool layer into team-a/app and died before any manifest.
        string leftBehind;
        using (var push = new ImagePusher(target.Registry.BaseUri))
            leftBehind = await push.PushBlobAsync("team-a/app", StandardDataset.SharedTool);

        var report = await target.MigrateAsync(storage, filter: new ImageFilter { Include = ["team-a/*"] });

        ReportAssert.NoFailures(report);
        Assert.DoesNotContain(leftBehind, target.Proxy.CommittedDigests.Keys);
        Assert.Equal(report.Totals.BytesUploaded, target.Proxy.UploadedBytes);
        Assert.True(report.Verification!.Passed);
    }
}
