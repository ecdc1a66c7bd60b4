using System.Diagnostics;
using System.Net;
using System.Runtime.CompilerServices;
using System.Net.Http.Headers;
using System.Text.Json;
using Migration.Engine.Link;
using Migration.Engine.Oci;

namespace Migration.Engine.Registry;

/// <summary>
/// The HTTP API v2 of one registry: listing, manifests and blobs (blob uploads are in RegistryClient.Blobs.cs).
/// Every request carries exactly the auth it needs; a 401 on a request that can be sent again is answered
/// by refreshing the token once. One instance is shared by the whole run so connections are pooled.
/// </summary>
public sealed partial class RegistryClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly RegistryAuthenticator _auth;
    private readonly SemaphoreSlim _discoverGate = new(1, 1);
    private readonly bool _ownsConnections = true;
    private bool _discovered;

    public RegistryClient(RegistryConnection connection, TimeProvider? clock = null)
    {
        Connection = connection;
        _http = RegistryHttp.Create(connection);
        _auth = new RegistryAuthenticator(_http, connection, clock ?? TimeProvider.System);
    }

    private RegistryClient(RegistryClient shared, RetryPolicy retry, LinkGovernor? link)
    {
        (Connection, _http, _auth, _discovered, _ownsConnections, Retry, _link, _quickest) =
            (shared.Connection, shared._http, shared._auth, shared._discovered, false, retry, link ?? shared._link, shared._quickest);
    }

    // The quickest answer to a small request on this connection pool, whichever client sent it (discovery, the ping).
    private readonly StrongBox<TimeSpan?> _quickest = new();

    /// <summary>The shortest time a small request (no streamed body) took to be answered so far, a new connection's
    /// handshake included; null before the first. A run starts its link from it.</summary>
    public TimeSpan? QuickestRoundTrip => _quickest.Value;

    // Told the round trip of every small request and every sign of an overloaded target.
    private readonly LinkGovernor? _link;

    public RegistryConnection Connection { get; }

    public RetryPolicy Retry { get; init; } = RetryPolicy.Default;

    public int TokensFetched => _auth.TokensFetched;

    /// <summary>The same registry, login and connection pool, retrying by <paramref name="retry"/> and measuring into
    /// <paramref name="link"/>: a run reports its own retries without changing a client others share. Disposing it
    /// leaves the connections to this client.</summary>
    public RegistryClient WithRetry(RetryPolicy retry, LinkGovernor? link = null) => new(this, retry, link);

    /// <summary>Checks the registry answers and the credentials work: <c>GET /v2/</c>, then the login it asks for.</summary>
    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await EnsureDiscoveredAsync(cancellationToken);
        // An open registry already answered 200 while being discovered.
        if (_auth.Challenge is null) return;
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, Url("v2/")), [], cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized) throw LoginRefused("log in");
        if (!response.IsSuccessStatusCode) throw await RegistryErrors.FromResponseAsync(response, $"GET {Connection.Host}/v2/", cancellationToken);
    }

    public async Task<IReadOnlyList<string>> ListRepositoriesAsync(CancellationToken cancellationToken) =>
        await ListPagedAsync(Url("v2/_catalog?n=1000"), "repositories", [RegistryScope.Catalog], "list the catalog", cancellationToken);

    public async Task<IReadOnlyList<string>> ListTagsAsync(string repository, CancellationToken cancellationToken) =>
        await ListPagedAsync(Url($"v2/{repository}/tags/list?n=1000"), "tags", RegistryScope.ForPull(repository), $"list tags of {repository}", cancellationToken);

    /// <summary>The manifest, or null when the registry does not have it.</summary>
    public Task<ManifestDocument?> GetManifestAsync(string repository, string reference, CancellationToken cancellationToken) =>
        Retry.ExecuteAsync($"GET manifest {repository}:{reference}", async (_, ct) =>
        {
            using var response = await SendAsync(() => ManifestRequest(HttpMethod.Get, repository, reference), RegistryScope.ForPull(repository), ct);
            if (response.StatusCode == HttpStatusCode.NotFound) return null;
            await EnsureSuccessAsync(response, $"GET manifest {repository}:{reference}", ct);
            var bytes = await response.Content.ReadAsByteArrayAsync(ct);
            var digest = Digest.Compute(bytes);
            if (Digest.TryParse(reference, out var wanted) && wanted != digest)
                throw new MalformedManifestException($"{repository}@{reference}: the registry returned bytes that hash to {digest}");
            return ManifestDocument.Parse(bytes, digest, response.Content.Headers.ContentType?.MediaType);
        }, cancellationToken);

    /// <summary>The digest a tag or digest resolves to, or null when it is not there.</summary>
    public Task<Digest?> HeadManifestAsync(string repository, string reference, CancellationToken cancellationToken) =>
        Retry.ExecuteAsync<Digest?>($"HEAD manifest {repository}:{reference}", async (_, ct) =>
        {
            using var response = await SendAsync(() => ManifestRequest(HttpMethod.Head, repository, reference), RegistryScope.ForPull(repository), ct);
            if (response.StatusCode == HttpStatusCode.NotFound) return null;
            await EnsureSuccessAsync(response, $"HEAD manifest {repository}:{reference}", ct);
            if (response.Headers.TryGetValues("Docker-Content-Digest", out var values) && Digest.TryParse(values.First(), out var d)) return d;
            // Older registries may omit the header (docs/distribution.md#content-digests); read the body instead.
            return (await GetManifestAsync(repository, reference, ct))?.Digest;
        }, cancellationToken);

    /// <summary>The digests of the manifests whose <c>subject</c> is <paramref name="digest"/> (OCI 1.1 referrers API);
    /// null when the registry does not offer the API.</summary>
    public Task<IReadOnlyList<Digest>?> GetReferrersAsync(string repository, Digest digest, CancellationToken cancellationToken) =>
        Retry.ExecuteAsync<IReadOnlyList<Digest>?>($"GET referrers of {repository}@{digest.Short}", async (_, ct) =>
        {
            using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, Url($"v2/{repository}/referrers/{digest}")),
                RegistryScope.ForPull(repository), ct);
            if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed) return null;
            await EnsureSuccessAsync(response, $"GET referrers of {repository}@{digest}", ct);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(ct));
            if (!json.RootElement.TryGetProperty("manifests", out var manifests) || manifests.ValueKind != JsonValueKind.Array) return null;
            return manifests.EnumerateArray().Select(m => m.TryGetProperty("digest", out var d) && Digest.TryParse(d.GetString(), out var parsed) ? parsed : (Digest?)null)
                .OfType<Digest>().ToList();
        }, cancellationToken);

    /// <summary>Pushes the manifest's exact bytes under a tag or its digest and checks the digest the registry reports.</summary>
    public Task PutManifestAsync(string repository, string reference, ManifestDocument manifest, CancellationToken cancellationToken) =>
        Retry.ExecuteAsync($"PUT manifest {repository}:{reference}", async (_, ct) =>
        {
            using var response = await SendAsync(() =>
            {
                var content = new ReadOnlyMemoryContent(manifest.Bytes);
                content.Headers.ContentType = new MediaTypeHeaderValue(manifest.MediaType);
                content.Headers.ContentLength = manifest.Bytes.Length;
                return new HttpRequestMessage(HttpMethod.Put, Url($"v2/{repository}/manifests/{reference}")) { Content = content };
            }, RegistryScope.ForPush(repository), ct);
            try
            {
                await EnsureSuccessAsync(response, $"PUT manifest {repository}:{reference}", ct);
            }
            catch (RegistryException ex) when (ForeignLayerRefused(ex, manifest) is { } foreign)
            {
                throw new RegistryException($"{repository}:{reference}: the target refuses non-distributable (foreign) layers such as {foreign}, " +
                    "which the manifest names by URL and no registry holds; allow them on the target (distribution: " +
                    "validation.manifests.urls.allow; Harbor: the same setting in its registry's configuration) or leave this image out " +
                    $"[{ex.Message}]", ex.Status, "MANIFEST_BLOB_UNKNOWN") { IsExplained = true };
            }
            if (response.Headers.TryGetValues("Docker-Content-Digest", out var values) &&
                Digest.TryParse(values.First(), out var stored) && stored != manifest.Digest)
                throw new RegistryException($"{repository}:{reference}: the registry stored the manifest as {stored}, not {manifest.Digest}");
        }, cancellationToken);

    // The foreign layer the registry says it lacks, when that is why the manifest was refused.
    private static Digest? ForeignLayerRefused(RegistryException ex, ManifestDocument manifest) =>
        !ex.Message.Contains("MANIFEST_BLOB_UNKNOWN", StringComparison.Ordinal) ? null
        : manifest.Layers.Where(l => l.IsForeign && ex.Message.Contains(l.Digest.ToString(), StringComparison.Ordinal)).Select(l => (Digest?)l.Digest)
            .FirstOrDefault();

    public void Dispose()
    {
        if (!_ownsConnections) return;
        _http.Dispose();
        _discoverGate.Dispose();
    }

    internal Uri Url(string relative) => new(Connection.BaseUri, relative);

    /// <summary>Sends with the right Authorization. A 401 that names a token to fetch is the auth protocol, not a
    /// failure: the token is fetched and the request sent once more. A streamed body cannot be sent again, so then the
    /// 401 becomes a transient error and the caller's <see cref="RetryPolicy"/> repeats the whole operation.</summary>
    internal Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> create, IReadOnlyList<string> scopes, CancellationToken cancellationToken) =>
        SendAsync(create, scopes, Streamed.Neither, cancellationToken);

    internal async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> create, IReadOnlyList<string> scopes, Streamed streamed,
        CancellationToken cancellationToken)
    {
        var replayable = streamed != Streamed.Request;
        var completion = streamed == Streamed.Response ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead;
        await EnsureDiscoveredAsync(cancellationToken);
        var response = await SendOnceAsync(create(), scopes, completion, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized || RegistryErrors.HasEmptyChallenge(response)) return response;
        _auth.Learn(AuthChallenge.FromResponse(response));
        _auth.Invalidate(scopes);
        if (_auth.Challenge is null) return response;
        var request = response.RequestMessage;
        response.Dispose();
        if (!replayable && request?.Content is not null)
            throw new RegistryException($"{request.Method} {request.RequestUri?.AbsolutePath}: token expired mid-request; retrying")
                { IsTransient = true };
        return await SendOnceAsync(create(), scopes, completion, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, IReadOnlyList<string> scopes, HttpCompletionOption completion,
        CancellationToken cancellationToken)
    {
        request.Headers.Authorization = await _auth.GetHeaderAsync(scopes, cancellationToken);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await _http.SendAsync(request, completion, cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (request.Content is null or ReadOnlyMemoryContent) Record(elapsed);
            if (_link is not null) Measure(request, response, elapsed);
            return response;
        }
        catch (HttpRequestException ex) when (ex.InnerException is System.Net.Sockets.SocketException se)
        {
            throw new RegistryException($"cannot reach {Connection.Host}: {se.Message}", inner: ex) { IsTransient = true };
        }
        catch (Exception ex) when (_link is not null && ex is TaskCanceledException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            _link.Congested(null);
            throw;
        }
    }

    private void Record(TimeSpan elapsed)
    {
        lock (_quickest)
        {
            if (_quickest.Value is null || elapsed < _quickest.Value) _quickest.Value = elapsed;
        }
    }

    // Only requests without a streamed body measure the round trip: an upload's time is its bytes' time.
    private void Measure(HttpRequestMessage request, HttpResponseMessage response, TimeSpan elapsed)
    {
        if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
            _link!.Congested(RegistryErrors.RetryAfterOf(response));
        else if (request.Content is null or ReadOnlyMemoryContent)
            _link!.ObserveRoundTrip(elapsed);
    }

    /// <summary>Which side of a request is a stream: a streamed request body cannot be sent again, a streamed response
    /// is handed over after its headers.</summary>
    internal enum Streamed { Neither, Request, Response }

    internal async Task EnsureSuccessAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode) return;
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            var explained = await RegistryErrors.FromResponseAsync(response, what, cancellationToken);
            if (explained.IsExplained) throw explained;
            if (RegistryErrors.HasEmptyChallenge(response))
                throw new RegistryException($"{what}: refused with no login challenge; on Harbor this means " +
                    RegistryErrors.MissingProject(RegistryErrors.RepositoryOf(response)),
                    HttpStatusCode.Unauthorized, "UNAUTHORIZED") { IsExplained = true };
            // With Basic auth a 401 can only mean the password is wrong; with tokens the login worked (a token was
            // issued) and the account lacks the scope.
            if (_auth.Challenge?.IsBearer != true) throw LoginRefused(what);
            throw Connection.HasCredentials
                ? new RegistryException($"{explained.Message}: user '{Connection.Username}' is not allowed to do this", explained.Status, explained.Code)
                : LoginRefused(what);
        }
        throw await RegistryErrors.FromResponseAsync(response, what, cancellationToken);
    }

    private RegistryAuthException LoginRefused(string what) => new(Connection.HasCredentials
        ? $"{Connection.Host}: cannot {what}: the registry refused user '{Connection.Username}' (wrong username or password)"
        : $"{Connection.Host}: cannot {what}: the registry needs a login and none was given; {Connection.LoginHint}");

    private HttpRequestMessage ManifestRequest(HttpMethod method, string repository, string reference)
    {
        var request = new HttpRequestMessage(method, Url($"v2/{repository}/manifests/{reference}"));
        foreach (var type in MediaTypes.AllManifests) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        return request;
    }

    private async Task<IReadOnlyList<string>> ListPagedAsync(Uri first, string property, IReadOnlyList<string> scopes, string what, CancellationToken cancellationToken)
    {
        var all = new List<string>();
        for (Uri? next = first; next is not null;)
        {
            var page = next;
            next = await Retry.ExecuteAsync(what, async (_, ct) =>
            {
                using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, page), scopes, ct);
                if (response.StatusCode == HttpStatusCode.NotFound && property == "tags") return null;
                await EnsureSuccessAsync(response, what, ct);
                using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(ct));
                if (json.RootElement.TryGetProperty(property, out var items) && items.ValueKind == JsonValueKind.Array)
                    all.AddRange(items.EnumerateArray().Select(i => i.GetString()).OfType<string>());
                return LinkHeader.Next(response);
            }, cancellationToken);
        }
        return all;
    }

    private async Task EnsureDiscoveredAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _discovered)) return;
        await _discoverGate.WaitAsync(cancellationToken);
        try
        {
            if (_discovered) return;
            await Retry.ExecuteAsync($"reach {Connection.BaseUri}", async (_, ct) =>
            {
                HttpResponseMessage response;
                try
                {
                    var started = Stopwatch.GetTimestamp();
                    response = await _http.GetAsync(Url("v2/"), ct);
                    Record(Stopwatch.GetElapsedTime(started));
                }
                catch (HttpRequestException ex)
                {
                    throw new RegistryException($"cannot reach {Connection.BaseUri}: {ex.InnerException?.Message ?? ex.Message}", inner: ex)
                        { IsTransient = ex.InnerException is not System.Security.Authentication.AuthenticationException };
                }
                using (response)
                {
                    if (response.StatusCode == HttpStatusCode.Unauthorized) _auth.Learn(AuthChallenge.FromResponse(response));
                    else if (!response.IsSuccessStatusCode)
                        throw await RegistryErrors.FromResponseAsync(response, $"GET {Connection.BaseUri}v2/", ct);
                }
            }, cancellationToken);
            Volatile.Write(ref _discovered, true);
        }
        finally
        {
            _discoverGate.Release();
        }
    }
}
