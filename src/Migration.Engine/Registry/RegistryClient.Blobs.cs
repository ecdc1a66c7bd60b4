using System.Net;
using System.Net.Http.Headers;
using Migration.Engine.Oci;

namespace Migration.Engine.Registry;

// Blob reads and the upload protocol (docs/distribution.md#blob-uploads, then #chunked-uploads and #mounts). These
// calls do not retry by themselves: an upload is retried as a whole by its caller, with a fresh source stream.
public sealed partial class RegistryClient
{
    /// <summary>The blob's size when the repository has it, null when it does not.</summary>
    public Task<long?> HeadBlobAsync(string repository, Digest digest, CancellationToken cancellationToken) =>
        Retry.ExecuteAsync<long?>($"HEAD blob {repository}@{digest.Short}", async (_, ct) =>
        {
            using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Head, Url($"v2/{repository}/blobs/{digest}")),
                RegistryScope.ForPull(repository), ct);
            if (response.StatusCode == HttpStatusCode.NotFound) return null;
            await EnsureSuccessAsync(response, $"HEAD blob {repository}@{digest}", ct);
            return response.Content.Headers.ContentLength ?? 0;
        }, cancellationToken);

    /// <summary>Streams a blob from <paramref name="offset"/>; disposing the stream releases the connection.</summary>
    public async Task<Stream> OpenBlobAsync(string repository, Digest digest, long offset, CancellationToken cancellationToken)
    {
        var response = await SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, Url($"v2/{repository}/blobs/{digest}"));
            if (offset > 0) request.Headers.Range = new RangeHeaderValue(offset, null);
            return request;
        }, RegistryScope.ForPull(repository), Streamed.Response, cancellationToken);
        try
        {
            if (response.StatusCode == HttpStatusCode.NotFound)
                throw new RegistryException($"blob {digest} is missing from {Connection.Host}/{repository}", HttpStatusCode.NotFound, "BLOB_UNKNOWN");
            await EnsureSuccessAsync(response, $"GET blob {repository}@{digest}", cancellationToken);
            if (offset > 0 && response.StatusCode != HttpStatusCode.PartialContent)
                throw new RegistryException($"GET blob {repository}@{digest}: the registry ignored the Range request");
            return new ResponseStream(response, await response.Content.ReadAsStreamAsync(cancellationToken));
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    public async Task<UploadSession> StartUploadAsync(string repository, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => EmptyPost(Url($"v2/{repository}/blobs/uploads/")), RegistryScope.ForPush(repository), cancellationToken);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            await EnsureSuccessAsync(response, $"start upload to {repository}", cancellationToken);
            throw new RegistryException($"start upload to {repository}: expected 202, got {(int)response.StatusCode}");
        }
        return new UploadSession(repository, LocationOf(response), 0);
    }

    /// <summary>Asks the registry to link a blob it already holds in <paramref name="from"/>. 202 means it did not,
    /// and the answer is an ordinary upload session (docs/distribution.md#mounts).</summary>
    public async Task<MountResult> MountBlobAsync(string repository, Digest digest, string from, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(
            () => EmptyPost(Url($"v2/{repository}/blobs/uploads/?mount={digest}&from={Uri.EscapeDataString(from)}")),
            RegistryScope.ForMount(repository, from), cancellationToken);
        if (response.StatusCode == HttpStatusCode.Created) return new MountResult(true, null);
        if (response.StatusCode == HttpStatusCode.Accepted) return new MountResult(false, new UploadSession(repository, LocationOf(response), 0));
        await EnsureSuccessAsync(response, $"mount {digest} from {from} into {repository}", cancellationToken);
        throw new RegistryException($"mount {digest} into {repository}: unexpected {(int)response.StatusCode}");
    }

    /// <summary>Sends the whole blob in one PUT with its digest, which commits it.</summary>
    public async Task PutBlobAsync(UploadSession session, Digest digest, HttpContent content, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Put, WithDigest(session.Location, digest)) { Content = content },
            RegistryScope.ForPush(session.Repository), Streamed.Request, cancellationToken);
        await EnsureCreatedAsync(response, session, digest, cancellationToken);
    }

    /// <summary>Appends one chunk. Chunks must go strictly in order: distribution 2.8 ignores Content-Range.</summary>
    public async Task<UploadSession> PatchChunkAsync(UploadSession session, HttpContent chunk, long length, CancellationToken cancellationToken)
    {
        chunk.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        chunk.Headers.ContentLength = length;
        chunk.Headers.TryAddWithoutValidation("Content-Range", $"{session.Offset}-{session.Offset + length - 1}");
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Patch, session.Location) { Content = chunk },
            RegistryScope.ForPush(session.Repository), Streamed.Request, cancellationToken);
        await EnsureSuccessAsync(response, $"PATCH upload to {session.Repository}", cancellationToken);
        return new UploadSession(session.Repository, LocationOf(response), RangeEnd(response) ?? session.Offset + length);
    }

    /// <summary>Where the registry says the upload stands; used to resume after a failed chunk.</summary>
    public async Task<UploadSession> GetUploadStatusAsync(UploadSession session, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, session.Location), RegistryScope.ForPush(session.Repository), cancellationToken);
        await EnsureSuccessAsync(response, $"upload status in {session.Repository}", cancellationToken);
        return new UploadSession(session.Repository, LocationOf(response), RangeEnd(response) ?? 0);
    }

    /// <summary>Closes a chunked upload whose bytes were all sent by PATCH.</summary>
    public async Task CompleteUploadAsync(UploadSession session, Digest digest, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Put, WithDigest(session.Location, digest))
        {
            Content = new ByteArrayContent([]) { Headers = { ContentLength = 0, ContentType = new MediaTypeHeaderValue("application/octet-stream") } },
        }, RegistryScope.ForPush(session.Repository), cancellationToken);
        await EnsureCreatedAsync(response, session, digest, cancellationToken);
    }

    /// <summary>Best effort: an abandoned session times out on the registry anyway.</summary>
    public async Task CancelUploadAsync(UploadSession session)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            using var _ = await SendAsync(() => new HttpRequestMessage(HttpMethod.Delete, session.Location), RegistryScope.ForPush(session.Repository), timeout.Token);
        }
        catch (Exception ex) when (ex is HttpRequestException or RegistryException or OperationCanceledException or IOException)
        {
        }
    }

    private async Task EnsureCreatedAsync(HttpResponseMessage response, UploadSession session, Digest digest, CancellationToken cancellationToken)
    {
        await EnsureSuccessAsync(response, $"commit blob {digest} in {session.Repository}", cancellationToken);
        if (response.Headers.TryGetValues("Docker-Content-Digest", out var values) && Digest.TryParse(values.First(), out var stored) && stored != digest)
            throw new RegistryException($"commit blob in {session.Repository}: the registry stored {stored}, expected {digest}");
    }

    private static HttpRequestMessage EmptyPost(Uri uri) =>
        new(HttpMethod.Post, uri) { Content = new ByteArrayContent([]) { Headers = { ContentLength = 0 } } };

    // The Location may already carry a query (distribution's _state), so append with the right separator.
    private static Uri WithDigest(Uri location, Digest digest) =>
        new($"{location}{(string.IsNullOrEmpty(location.Query) ? "?" : "&")}digest={Uri.EscapeDataString(digest.ToString())}");

    private static Uri LocationOf(HttpResponseMessage response)
    {
        var location = response.Headers.Location
            ?? throw new RegistryException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath}: no Location in the answer");
        return location.IsAbsoluteUri ? location : new Uri(response.RequestMessage!.RequestUri!, location);
    }

    // distribution sends "Range: 0-N" (bytes received = N+1); legacy docs show "bytes=0-N". Parse both.
    private static long? RangeEnd(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Range", out var values)) return null;
        var text = values.First().Replace("bytes=", "", StringComparison.Ordinal);
        var dash = text.IndexOf('-');
        return dash > 0 && long.TryParse(text[(dash + 1)..], out var end) ? end + 1 : null;
    }
}
