using System.Security.Cryptography;
using Migration.Engine.Oci;
using Migration.Engine.Registry;

namespace Migration.Engine.Copy;

// Large blobs go up in PATCH chunks, strictly in order (distribution 2.8 ignores Content-Range,
// DISTRIBUTION-PUSH.md §7). After a failed chunk the registry's own Range says where to resume, so a dropped
// connection near the end of a 1 GB layer costs one chunk, not the whole blob.
internal sealed partial class BlobCopier
{
    private const int MaxChunkFailures = 5;

    private async Task UploadChunkedAsync(string sourceRepository, Descriptor blob, UploadSession session, Action<long> count,
        CancellationToken cancellationToken)
    {
        // The hash of the bytes the registry has confirmed; each try hashes into a clone of it.
        var confirmed = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        try
        {
            var failures = 0;
            while (session.Offset < blob.Size)
            {
                var length = Math.Min(options.ChunkSize, blob.Size - session.Offset);
                var attempt = confirmed.Clone();
                long sentThisChunk = 0;
                try
                {
                    await using var stream = await source.OpenBlobAsync(sourceRepository, blob.Digest, session.Offset, cancellationToken);
                    var body = new HashingReadStream(stream, length, attempt, n => { sentThisChunk += n; count(n); }, null, blob.Digest.ToString());
                    using var content = new StreamContent(body, 1 << 20);
                    var next = await target.PatchChunkAsync(session, content, length, cancellationToken);
                    if (next.Offset != session.Offset + length)
                        throw new RegistryException($"upload of {blob.Digest} to {session.Repository}: registry holds {next.Offset} bytes, expected {session.Offset + length}")
                            { IsTransient = true };
                    (confirmed, attempt) = (attempt, confirmed);
                    session = next;
                    failures = 0;
                }
                catch (Exception ex) when (RetryPolicy.IsTransient(ex, cancellationToken) && ++failures <= MaxChunkFailures)
                {
                    count(-sentThisChunk);
                    progress.Report(new Retrying($"chunk at {session.Offset} of {blob.Digest.Short}", failures, ex.Message));
                    await Task.Delay(TimeSpan.FromMilliseconds(200 * failures), cancellationToken);
                    session = await ResumeAsync(sourceRepository, blob, session, confirmed, cancellationToken);
                }
                finally
                {
                    attempt.Dispose();
                }
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

    /// <summary>Asks the registry how much it holds. If a broken PATCH left part of a chunk behind, those bytes are
    /// hashed from the source without sending them again, so the running hash matches the registry's copy.</summary>
    private async Task<UploadSession> ResumeAsync(string sourceRepository, Descriptor blob, UploadSession session, IncrementalHash confirmed,
        CancellationToken cancellationToken)
    {
        UploadSession status;
        try
        {
            status = await target.GetUploadStatusAsync(session, cancellationToken);
        }
        catch (RegistryException ex) when (ex.Status == System.Net.HttpStatusCode.NotFound)
        {
            // BLOB_UPLOAD_UNKNOWN or _INVALID: the session is gone; the whole upload starts over.
            throw new RegistryException($"upload of {blob.Digest}: the session expired ({ex.Message}); starting over") { IsTransient = true };
        }
        if (status.Offset < session.Offset)
            throw new RegistryException($"upload of {blob.Digest}: the registry lost confirmed bytes ({status.Offset} < {session.Offset}); starting over")
                { IsTransient = true };
        var extra = status.Offset - session.Offset;
        if (extra > 0)
        {
            await using var stream = await source.OpenBlobAsync(sourceRepository, blob.Digest, session.Offset, cancellationToken);
            var skip = new HashingReadStream(stream, extra, confirmed, count => progress.Report(new BytesTransferred(blob.Digest.ToString(), count)), null, blob.Digest.ToString());
            await skip.CopyToAsync(Stream.Null, cancellationToken);
        }
        return status;
    }
}
