using System.Security.Cryptography;
using Migration.Engine.Oci;
using Migration.Engine.Registry;

namespace Migration.Engine.Copy;

// Large blobs go up in PATCH chunks, strictly in order (distribution 2.8 ignores Content-Range,
// docs/distribution.md#chunked-uploads). After a failed chunk the registry's own Range says where to resume, so a
// dropped connection near the end of a 1 GB layer costs one chunk, not the whole blob.
internal sealed partial class BlobCopier
{
    private async Task UploadChunkedAsync(BlobRequest request, UploadSession session, Action<long> count, CancellationToken cancellationToken)
    {
        var blob = request.Blob;
        // The hash of the bytes the registry has confirmed; each try hashes into a clone of it.
        var confirmed = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        try
        {
            // A lost session cannot be resumed chunk by chunk: it goes up to the whole upload's retry, which starts over.
            var chunkRetry = options.Retry.NeverRetrying(ex => ex is UploadSessionLostException);
            while (session.Offset < blob.Size)
            {
                var (next, hashed) = await chunkRetry.ExecuteAsync($"chunk at {session.Offset} of {blob.Digest.Short}", async (attempt, ct) =>
                {
                    if (attempt > 1) session = await ResumeAsync(request, session, confirmed, ct);
                    return await SendChunkAsync(request, session, confirmed, count, ct);
                }, cancellationToken);
                if (hashed != confirmed) confirmed.Dispose();
                (session, confirmed) = (next, hashed);
            }

            var actual = Digest.FromHash(confirmed.GetCurrentHash());
            if (actual != blob.Digest)
            {
                await target.CancelUploadAsync(session);
                throw new BlobIntegrityException($"blob {blob.Digest} is corrupt in the source: its bytes hash to {actual}; it was not committed");
            }
            await target.CompleteUploadAsync(session, blob.Digest, cancellationToken);
        }
        finally
        {
            confirmed.Dispose();
        }
    }

    /// <summary>Sends the next chunk from where the registry stands, hashing into a clone of <paramref name="confirmed"/>;
    /// returns the new session and that clone once the registry confirms the chunk. A failed chunk takes back the bytes
    /// it counted.</summary>
    private async Task<(UploadSession, IncrementalHash)> SendChunkAsync(BlobRequest request, UploadSession session, IncrementalHash confirmed, Action<long> count,
        CancellationToken cancellationToken)
    {
        var blob = request.Blob;
        if (session.Offset >= blob.Size) return (session, confirmed);
        var length = Math.Min(options.ChunkSize, blob.Size - session.Offset);
        var attempt = confirmed.Clone();
        long sent = 0;
        try
        {
            await using var stream = await source.OpenBlobAsync(request.SourceRepository, blob.Digest, session.Offset, cancellationToken);
            var body = new HashingReadStream(stream, length, attempt, n => { sent += n; count(n); }, null, blob.Digest.ToString()) { Cap = link.Cap };
            using var content = new StreamContent(body, 1 << 20);
            var next = await target.PatchChunkAsync(session, content, length, cancellationToken);
            if (next.Offset != session.Offset + length)
                throw new RegistryException($"upload of {blob.Digest} to {session.Repository}: registry holds {next.Offset} bytes, expected {session.Offset + length}")
                    { IsTransient = true };
            return (next, attempt);
        }
        catch
        {
            attempt.Dispose();
            count(-sent);
            throw;
        }
    }

    /// <summary>Asks the registry how much it holds. If a broken PATCH left part of a chunk behind, those bytes are
    /// hashed from the source without sending them again, so the running hash matches the registry's copy.</summary>
    private async Task<UploadSession> ResumeAsync(BlobRequest request, UploadSession session, IncrementalHash confirmed, CancellationToken cancellationToken)
    {
        var blob = request.Blob;
        UploadSession status;
        try
        {
            status = await target.GetUploadStatusAsync(session, cancellationToken);
        }
        catch (RegistryException ex) when (ex.Status == System.Net.HttpStatusCode.NotFound)
        {
            // BLOB_UPLOAD_UNKNOWN or _INVALID: the session is gone.
            throw new UploadSessionLostException($"upload of {blob.Digest}: the session expired ({ex.Message}); starting over");
        }
        // distribution answers "Range: 0-0" for an empty session and for one holding a single byte
        // (docs/distribution.md#range-header). From an empty start, read it as empty: were a byte there after all, the
        // next answer's offset or the commit's digest check sends the upload back to start over.
        if (session.Offset == 0 && status.Offset == 1) status = status with { Offset = 0 };
        if (status.Offset < session.Offset)
            throw new UploadSessionLostException($"upload of {blob.Digest}: the registry lost confirmed bytes ({status.Offset} < {session.Offset}); starting over");
        var extra = status.Offset - session.Offset;
        if (extra > 0)
        {
            await using var stream = await source.OpenBlobAsync(request.SourceRepository, blob.Digest, session.Offset, cancellationToken);
            var skip = new HashingReadStream(stream, extra, confirmed, n => progress.Report(new BytesTransferred(blob.Digest, n)), null, blob.Digest.ToString());
            await skip.CopyToAsync(Stream.Null, cancellationToken);
        }
        return status;
    }
}
