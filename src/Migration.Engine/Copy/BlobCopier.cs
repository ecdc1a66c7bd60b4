using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Migration.Engine.Link;
using Migration.Engine.Oci;
using Migration.Engine.Plan;
using Migration.Engine.Registry;
using Migration.Engine.Sources;

namespace Migration.Engine.Copy;

/// <summary>
/// Puts blobs into target repositories, each by one ladder (<see cref="PlaceAsync"/>), in the style of
/// go-containerregistry's <c>uploadOne</c>: already there? → mount from a known place → stream with the digest
/// checked → commit → record. Who sends a blob is decided in one place, <see cref="BlobTurn"/>: inside this run the
/// first image to need it, across runs the claim.
/// </summary>
internal sealed partial class BlobCopier(IImageSource source, RegistryClient target, MigrationPlan plan, CopyOptions options,
    IProgress<CopyEvent> progress, LinkGovernor link, IBlobPlacementCoordinator placements)
{
    // distribution's filesystem driver rewrites a repository's blob link in place on every mount or upload, and a
    // manifest PUT reading that link mid-write fails with DIGEST_INVALID (docs/distribution.md#blob-links). So each
    // (repository, blob) is placed once; a failed placement leaves the map, so the next image may try again.
    private readonly ConcurrentDictionary<(string, Digest), Lazy<Task<BlobAction>>> _placements = new();
    private readonly ConcurrentDictionary<Digest, TaskCompletionSource<string?>> _firstPlacements = new();
    // Harbor answers 401/400 to a mount from a project the account cannot read (docs/harbor.md#mounts);
    // remember such sources instead of asking again for every blob.
    private readonly ConcurrentDictionary<string, bool> _unmountableSources = new();
    private long _bytesUploaded;
    private int _uploaded, _mounted, _skipped;

    public long BytesUploaded => Interlocked.Read(ref _bytesUploaded);
    public int Uploaded => _uploaded;
    public int Mounted => _mounted;
    public int Skipped => _skipped;

    /// <summary>Makes sure the image's target repository holds the blob; returns what was done. Only the first image to
    /// ask for a (repository, blob) does the work; the others wait for it and see Skip. When that first try fails,
    /// the failure is its image's alone: each image that was waiting tries once more for itself.</summary>
    public async Task<BlobAction> EnsureAsync(BlobRequest request, CancellationToken cancellationToken)
    {
        var key = (request.TargetRepository, request.Blob.Digest);
        while (true)
        {
            var mine = new Lazy<Task<BlobAction>>(() => PlaceAsync(request, cancellationToken));
            var placement = _placements.GetOrAdd(key, mine);
            try
            {
                var action = await placement.Value;
                return placement == mine ? action : BlobAction.Skip;
            }
            catch when (placement == mine)
            {
                _placements.TryRemove(KeyValuePair.Create(key, placement));
                throw;
            }
            catch when (!cancellationToken.IsCancellationRequested)
            {
                // Each failed try belongs to a different image, so this ends.
                _placements.TryRemove(KeyValuePair.Create(key, placement));
            }
        }
    }

    /// <summary>The ladder for one blob into one target repository.</summary>
    private async Task<BlobAction> PlaceAsync(BlobRequest request, CancellationToken cancellationToken)
    {
        // 1. Already there? The plan asked the target.
        if (plan.IsPresent(request.TargetRepository, request.Blob.Digest)) return await RecordAsync(request, BlobAction.Skip);

        // Already in another repository of the target (an interrupted run's upload): mount it from there, whoever gets
        // here first; there is nothing to send, so nobody needs the turn.
        if (plan.PresentIn(request.Blob.Digest) is { } holder)
            return await RecordAsync(request, await MountOrUploadAsync(request, holder, cancellationToken));

        // 2. Who sends it: another image of this run, another run (the claim), or this image.
        await using var turn = await BlobTurn.TakeAsync(request, _firstPlacements, placements, cancellationToken);

        // 3. Mount from a known place; a refused mount falls through to sending.
        var action = turn.MountFrom is { } from
            ? await MountOrUploadAsync(request, from, cancellationToken)
            // 4. Stream from the source, the digest checked before the commit.
            : await UploadAsync(request, null, cancellationToken);

        // 5. Record, so other images and runs mount from here.
        await RecordAsync(request, action);
        turn.Placed();
        return action;
    }

    private async Task<BlobAction> MountOrUploadAsync(BlobRequest request, string from, CancellationToken cancellationToken)
    {
        if (_unmountableSources.ContainsKey(from)) return await UploadAsync(request, null, cancellationToken);
        MountResult result;
        try
        {
            // A mount goes ahead of queued uploads, as a manifest push does: it moves no bytes, and its image may be waiting
            // on nothing else. Queued behind every upload, no image could finish before nearly all were sent.
            result = await InTransferSlotAsync(ct => options.Retry.ExecuteAsync($"mount {request.Blob.Digest.Short} into {request.TargetRepository}",
                (_, c) => target.MountBlobAsync(request.TargetRepository, request.Blob.Digest, from, c), ct), cancellationToken, ahead: true);
        }
        catch (RegistryException ex) when (ex.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.BadRequest)
        {
            _unmountableSources[from] = true;
            result = new MountResult(false, null);
        }
        if (result.Mounted) return BlobAction.Mount;
        // A refused mount answers with an ordinary upload session: send the bytes into it.
        return await UploadAsync(request, result.Session, cancellationToken);
    }

    /// <summary>Streams the blob from the source into the target, retried as a whole with a fresh source stream. A
    /// session given by a refused mount is used on the first try only. Skip when the repository turns out to hold it.</summary>
    private Task<BlobAction> UploadAsync(BlobRequest request, UploadSession? given, CancellationToken cancellationToken) =>
        InTransferSlotAsync(ct => options.Retry.ExecuteAsync($"upload {request.Blob.Digest.Short} to {request.TargetRepository}", async (attempt, c) =>
        {
            var opened = attempt == 1 && given is not null ? given : await OpenSessionAsync(request.TargetRepository, request.Blob.Digest, c);
            if (opened is not { } session) return BlobAction.Skip;
            long sent = 0;
            void Count(long n)
            {
                sent += n;
                link.CountSent(n);
                progress.Report(new BytesTransferred(request.Blob.Digest, n));
            }
            try
            {
                if (request.Blob.Size > options.ChunkThreshold) await UploadChunkedAsync(request, session, Count, c);
                else await UploadWholeAsync(request, session, Count, c);
                return BlobAction.Upload;
            }
            catch (Exception ex)
            {
                if (sent != 0) progress.Report(new BytesTransferred(request.Blob.Digest, -sent));
                if (!options.Retry.ShouldRetry(ex, c)) await target.CancelUploadAsync(session);
                throw;
            }
        }, ct), cancellationToken);

    /// <summary>Opens an upload session with a mount from the repository itself: 201 means the blob is already there
    /// (the plan did not look in new repositories), 202 is the session. Returns null for "already there".</summary>
    private async Task<UploadSession?> OpenSessionAsync(string repository, Digest digest, CancellationToken cancellationToken)
    {
        try
        {
            var result = await target.MountBlobAsync(repository, digest, repository, cancellationToken);
            return result.Mounted ? null : result.Session;
        }
        catch (RegistryException ex) when (ex.Status is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
        {
            // Registries that refuse mounts outright get an ordinary upload.
            return await target.StartUploadAsync(repository, cancellationToken);
        }
    }

    private async Task UploadWholeAsync(BlobRequest request, UploadSession session, Action<long> count, CancellationToken cancellationToken)
    {
        var blob = request.Blob;
        await using var stream = blob.Data is { } data ? new MemoryStream(data, writable: false)
            : await source.OpenBlobAsync(request.SourceRepository, blob.Digest, 0, cancellationToken);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var body = new HashingReadStream(stream, blob.Size, hash, count, blob.Digest, blob.Digest.ToString()) { Cap = link.Cap };
        using var content = new StreamContent(body, 1 << 20);
        content.Headers.ContentLength = blob.Size;
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        await target.PutBlobAsync(session, blob.Digest, content, cancellationToken);
    }

    private async Task<BlobAction> RecordAsync(BlobRequest request, BlobAction action)
    {
        switch (action)
        {
            case BlobAction.Upload:
                Interlocked.Increment(ref _uploaded);
                Interlocked.Add(ref _bytesUploaded, request.Blob.Size);
                break;
            case BlobAction.Mount:
                Interlocked.Increment(ref _mounted);
                break;
            default:
                Interlocked.Increment(ref _skipped);
                break;
        }
        // Recorded even when cancelled right after: the bytes are there, and waiting runs should mount them.
        await placements.RecordAsync(request.Blob.Digest, request.TargetRepository, CancellationToken.None);
        progress.Report(new BlobDone(request.TargetRepository, request.Blob.Digest, request.Blob.Size, action, request.Image));
        return action;
    }

    private async Task<T> InTransferSlotAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken, bool ahead = false)
    {
        using var slot = await link.EnterAsync(cancellationToken, ahead);
        return await work(cancellationToken);
    }
}
