using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Migration.Engine.Oci;
using Migration.Engine.Registry;
using Migration.Engine.Sources;

namespace Migration.Engine.Copy;

/// <summary>
/// Puts blobs into target repositories by the plan's ladder: skip what is there, upload each unique blob once
/// (a once-per-digest guard, so concurrent images wait for the same upload), and mount it everywhere else.
/// Other runs copying into the same target at the same time are kept from sending a blob again by claiming each
/// upload through <see cref="IBlobPlacementCoordinator"/>.
/// </summary>
internal sealed partial class BlobCopier(IImageSource source, RegistryClient target, CopyOptions options,
    IProgress<CopyEvent> progress, SemaphoreSlim transfers, IBlobPlacementCoordinator placements)
{
    // Each round is a claim and a bounded wait; a claim that outlives them all is not waited on any longer.
    private const int MaxClaimRounds = 3;

    private readonly ConcurrentDictionary<Digest, Lazy<Task<(BlobAction, long)>>> _uploads = new();
    // distribution's filesystem driver rewrites a repository's blob link in place on every mount or upload, and a
    // manifest PUT reading that link mid-write fails with DIGEST_INVALID. So each (repository, blob) is placed once.
    private readonly ConcurrentDictionary<(string, Digest), Lazy<Task<(BlobAction, long)>>> _placements = new();
    // Harbor answers 401/400 to a mount from a project the account cannot read (HARBOR-CONTRACT.md §5.6);
    // remember such sources instead of asking again for every blob.
    private readonly ConcurrentDictionary<string, bool> _unmountableSources = new();
    private long _bytesUploaded;
    private int _uploaded, _mounted, _skipped;

    public long BytesUploaded => Interlocked.Read(ref _bytesUploaded);
    public int Uploaded => _uploaded;
    public int Mounted => _mounted;
    public int Skipped => _skipped;

    /// <summary>Makes sure <paramref name="targetRepository"/> holds the blob; returns what was done and bytes sent.
    /// Only the first image to ask for a (repository, blob) does the work; the others wait for it and see Skip.</summary>
    public async Task<(BlobAction Action, long Bytes)> EnsureAsync(MigrationPlan plan, string sourceRepository, string targetRepository,
        string image, Descriptor blob, CancellationToken cancellationToken)
    {
        var first = false;
        var placement = _placements.GetOrAdd((targetRepository, blob.Digest), _ => new Lazy<Task<(BlobAction, long)>>(() =>
        {
            first = true;
            return PlaceAsync(plan, sourceRepository, targetRepository, image, blob, cancellationToken);
        }));
        var result = await placement.Value;
        return first ? result : (BlobAction.Skip, 0);
    }

    private async Task<(BlobAction Action, long Bytes)> PlaceAsync(MigrationPlan plan, string sourceRepository, string targetRepository,
        string image, Descriptor blob, CancellationToken cancellationToken)
    {
        var step = plan.StepFor(targetRepository, blob.Digest);
        switch (step.Action)
        {
            case BlobAction.Skip:
                Interlocked.Increment(ref _skipped);
                // Found on the target: other runs may mount it from here rather than send it.
                await placements.RecordAsync(blob.Digest, targetRepository, CancellationToken.None);
                progress.Report(new BlobDone(targetRepository, blob.Digest.ToString(), blob.Size, BlobAction.Skip, image));
                return (BlobAction.Skip, 0);
            case BlobAction.Upload:
                return await UploadOnceAsync(sourceRepository, targetRepository, image, blob, cancellationToken);
            default:
                // The repository we mount from may be getting the blob right now; wait for that upload.
                if (plan.UploadTargets.TryGetValue(blob.Digest, out var uploader) && uploader == step.From)
                    await UploadOnceAsync(sourceRepository, uploader, image, blob, cancellationToken);
                return await MountOrUploadAsync(sourceRepository, targetRepository, step.From!, image, blob, cancellationToken);
        }
    }

    private Task<(BlobAction, long)> UploadOnceAsync(string sourceRepository, string targetRepository, string image, Descriptor blob,
        CancellationToken cancellationToken) =>
        _uploads.GetOrAdd(blob.Digest, _ => new Lazy<Task<(BlobAction, long)>>(() =>
            UploadClaimedAsync(sourceRepository, targetRepository, image, blob, cancellationToken))).Value;

    /// <summary>Uploads a blob nobody had placed when the plan was made, unless another run claims it first: then waits
    /// for that run's placement and mounts from there. The plan is old news by now; the claim is the truth.</summary>
    private async Task<(BlobAction, long)> UploadClaimedAsync(string sourceRepository, string targetRepository, string image, Descriptor blob,
        CancellationToken cancellationToken)
    {
        for (var round = 0; round < MaxClaimRounds; round++)
        {
            var claim = await placements.ClaimAsync(blob.Digest, targetRepository, cancellationToken);
            if (claim.Won)
                // Taken over from a run that died while uploading into `earlier`: the blob may be there already (it
                // died after the commit but before recording it), so mount from there; a refused mount uploads.
                return await PlaceUnderClaimAsync(targetRepository, blob, true, claim.UnfinishedUploadIn is { } earlier && earlier != targetRepository
                    ? () => MountOrUploadAsync(sourceRepository, targetRepository, earlier, image, blob, cancellationToken)
                    : () => SendAsync(sourceRepository, targetRepository, image, blob, cancellationToken));
            var placedAt = claim.Location ?? await placements.WaitForPlacementAsync(blob.Digest, cancellationToken);
            if (placedAt is not null) return await MountOrUploadAsync(sourceRepository, targetRepository, placedAt, image, blob, cancellationToken);
        }
        // Held by a run that neither finishes nor goes quiet: send the blob rather than wait for ever.
        return await PlaceUnderClaimAsync(targetRepository, blob, false,
            () => SendAsync(sourceRepository, targetRepository, image, blob, cancellationToken));
    }

    private async Task<(BlobAction, long)> SendAsync(string sourceRepository, string targetRepository, string image, Descriptor blob,
        CancellationToken cancellationToken) =>
        await UploadFreshAsync(sourceRepository, targetRepository, image, blob, cancellationToken) ? (BlobAction.Upload, blob.Size) : (BlobAction.Skip, 0);

    /// <summary>Places the blob, then records where for other runs. A claim this run holds is released if placing
    /// fails, so another run can try.</summary>
    private async Task<(BlobAction, long)> PlaceUnderClaimAsync(string targetRepository, Descriptor blob, bool claimed,
        Func<Task<(BlobAction, long)>> place)
    {
        (BlobAction, long) result;
        try
        {
            result = await place();
        }
        catch when (claimed)
        {
            await placements.ReleaseAsync(blob.Digest, CancellationToken.None);
            throw;
        }
        // Recorded even when cancelled right after: the bytes are there, and waiting runs should mount them.
        await placements.RecordAsync(blob.Digest, targetRepository, CancellationToken.None);
        return result;
    }

    private async Task<(BlobAction, long)> MountOrUploadAsync(string sourceRepository, string targetRepository, string from,
        string image, Descriptor blob, CancellationToken cancellationToken)
    {
        if (!_unmountableSources.ContainsKey(from))
        {
            MountResult result;
            try
            {
                result = await WithTransferSlotAsync(ct => options.Retry.ExecuteAsync((_, c) => target.MountBlobAsync(targetRepository, blob.Digest, from, c), ct,
                    (attempt, ex) => progress.Report(new Retrying($"mount {blob.Digest.Short} into {targetRepository}", attempt, ex.Message))), cancellationToken);
            }
            catch (RegistryException ex) when (ex.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.BadRequest)
            {
                _unmountableSources[from] = true;
                result = new MountResult(false, null);
            }
            if (result.Mounted)
            {
                Interlocked.Increment(ref _mounted);
                progress.Report(new BlobDone(targetRepository, blob.Digest.ToString(), blob.Size, BlobAction.Mount, image));
                return (BlobAction.Mount, 0);
            }
            if (result.Session is { } session)
            {
                await WithTransferSlotAsync(ct => UploadAsync(sourceRepository, targetRepository, image, blob, session, ct), cancellationToken);
                return (BlobAction.Upload, blob.Size);
            }
        }
        await UploadFreshAsync(sourceRepository, targetRepository, image, blob, cancellationToken);
        return (BlobAction.Upload, blob.Size);
    }

    /// <summary>Uploads the blob, unless the repository turns out to hold it already; true when bytes were sent.</summary>
    private Task<bool> UploadFreshAsync(string sourceRepository, string targetRepository, string image, Descriptor blob,
        CancellationToken cancellationToken) =>
        WithTransferSlotAsync(ct => UploadAsync(sourceRepository, targetRepository, image, blob, null, ct), cancellationToken);

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

    /// <summary>Streams the blob from the source into the target, retried as a whole with a fresh source stream.
    /// A session given by a refused mount is used on the first try only.</summary>
    private async Task<bool> UploadAsync(string sourceRepository, string targetRepository, string image, Descriptor blob,
        UploadSession? given, CancellationToken cancellationToken)
    {
        var alreadyThere = false;
        await options.Retry.ExecuteAsync(async (attempt, ct) =>
        {
            var opened = attempt == 1 && given is not null ? given : await OpenSessionAsync(targetRepository, blob.Digest, ct);
            if (opened is not { } session)
            {
                alreadyThere = true;
                return;
            }
            long sent = 0;
            void Count(long n)
            {
                sent += n;
                progress.Report(new BytesTransferred(blob.Digest.ToString(), n));
            }
            try
            {
                if (blob.Size > options.ChunkThreshold) await UploadChunkedAsync(sourceRepository, blob, session, Count, ct);
                else await UploadWholeAsync(sourceRepository, blob, session, Count, ct);
            }
            catch (Exception ex)
            {
                if (sent != 0) progress.Report(new BytesTransferred(blob.Digest.ToString(), -sent));
                if (!RetryPolicy.IsTransient(ex, ct)) await target.CancelUploadAsync(session);
                throw;
            }
        }, cancellationToken, (attempt, ex) => progress.Report(new Retrying($"upload {blob.Digest.Short} to {targetRepository}", attempt, ex.Message)));
        if (alreadyThere)
        {
            Interlocked.Increment(ref _skipped);
            progress.Report(new BlobDone(targetRepository, blob.Digest.ToString(), blob.Size, BlobAction.Skip, image));
            return false;
        }
        Interlocked.Increment(ref _uploaded);
        Interlocked.Add(ref _bytesUploaded, blob.Size);
        progress.Report(new BlobDone(targetRepository, blob.Digest.ToString(), blob.Size, BlobAction.Upload, image));
        return true;
    }

    private async Task UploadWholeAsync(string sourceRepository, Descriptor blob, UploadSession session, Action<long> count, CancellationToken cancellationToken)
    {
        await using var stream = await source.OpenBlobAsync(sourceRepository, blob.Digest, 0, cancellationToken);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var body = new HashingReadStream(stream, blob.Size, hash, count, blob.Digest, blob.Digest.ToString());
        using var content = new StreamContent(body, 1 << 20);
        content.Headers.ContentLength = blob.Size;
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        await target.PutBlobAsync(session, blob.Digest, content, cancellationToken);
    }

    private async Task<T> WithTransferSlotAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        await transfers.WaitAsync(cancellationToken);
        try
        {
            return await work(cancellationToken);
        }
        finally
        {
            transfers.Release();
        }
    }
}
