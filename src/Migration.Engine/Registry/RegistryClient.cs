using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
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
    private bool _discovered;

    public RegistryClient(RegistryConnection connection, TimeProvider? clock = null)
    {
        Connection = connection;
        _http = RegistryHttp.Create(connection);
        _auth = new RegistryAuthenticator(_http, connection, clock ?? TimeProvider.System);
    }

    public RegistryConnection Connection { get; }

    public RetryPolicy Retry { get; init; } = RetryPolicy.Default;

    public int TokensFetched => _auth.TokensFetched;

    /// <summary>Told about every retried request (what, attempt, cause), so a run can show them.</summary>
    public Action<string, int, Exception>? OnRetry { get; set; }

    private Action<int, Exception> Observe(string what) => (attempt, ex) => OnRetry?.Invoke(what, attempt, ex);

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
        Retry.ExecuteAsync(async (_, ct) =>
        {
            using var response = await SendAsync(() => ManifestRequest(HttpMethod.Get, repository, reference), RegistryScope.ForPull(repository), ct);
            if (response.StatusCode == HttpStatusCode.NotFound) return null;
            await EnsureSuccessAsync(response, $"GET manifest {repository}:{reference}", ct);
            var bytes = await response.Content.ReadAsByteArrayAsync(ct);
            var digest = Digest.Compute(bytes);
            if (Digest.TryParse(reference, out var wanted) && wanted != digest)
                throw new MalformedManifestException($"{repository}@{reference}: the registry returned bytes that hash to {digest}");
            return ManifestDocument.Parse(bytes, digest, response.Content.Headers.ContentType?.MediaType);
        }, cancellationToken, Observe($"GET manifest {repository}:{reference}"));

    /// <summary>The digest a tag or digest resolves to, or null when it is not there.</summary>
    public Task<Digest?> HeadManifestAsync(string repository, string reference, CancellationToken cancellationToken) =>
        Retry.ExecuteAsync<Digest?>(async (_, ct) =>
        {
            using var response = await SendAsync(() => ManifestRequest(HttpMethod.Head, repository, reference), RegistryScope.ForPull(repository), ct);
            if (response.StatusCode == HttpStatusCode.NotFound) return null;
            await EnsureSuccessAsync(response, $"HEAD manifest {repository}:{reference}", ct);
            if (response.Headers.TryGetValues("Docker-Content-Digest", out var values) && Digest.TryParse(values.First(), out var d)) return d;
            // Older registries may omit the header (DISTRIBUTION-PUSH.md §1); read the body instead.
            return (await GetManifestAsync(repository, reference, ct))?.Digest;
        }, cancellationToken, Observe($"HEAD manifest {repository}:{reference}"));

    /// <summary>Pushes the manifest's exact bytes under a tag or its digest and checks the digest the registry reports.</summary>
    public Task PutManifestAsync(string repository, string reference, ManifestDocument manifest, CancellationToken cancellationToken) =>
        Retry.ExecuteAsync(async (_, ct) =>
        {
            using var response = await SendAsync(() =>
            {
                var content = new ReadOnlyMemoryContent(manifest.Bytes);
                content.Headers.ContentType = new MediaTypeHeaderValue(manifest.MediaType);
                content.Headers.ContentLength = manifest.Bytes.Length;
                return new HttpRequestMessage(HttpMethod.Put, Url($"v2/{repository}/manifests/{reference}")) { Content = content };
            }, RegistryScope.ForPush(repository), ct);
            await EnsureSuccessAsync(response, $"PUT manifest {repository}:{reference}", ct);
            if (response.Headers.TryGetValues("Docker-Content-Digest", out var values) &&
                Digest.TryParse(values.First(), out var stored) && stored != manifest.Digest)
                throw new RegistryException($"{repository}:{reference}: the registry stored the manifest as {stored}, not {manifest.Digest}");
        }, cancellationToken, Observe($"PUT manifest {repository}:{reference}"));

    public void Dispose()
    {
        _http.Dispose();
        _discoverGate.Dispose();
    }

    internal Uri Url(string relative) => new(Connection.BaseUri, relative);

    /// <summary>Sends with the right Authorization. A 401 gets one token refresh and a resend when the request can be
    /// rebuilt; when it cannot (a streamed body), the 401 becomes a transient error so the whole operation retries.</summary>
    internal async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> create, IReadOnlyList<string> scopes,
        CancellationToken cancellationToken, bool replayable = true, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        await EnsureDiscoveredAsync(cancellationToken);
        for (var attempt = 0; ; attempt++)
        {
            var request = create();
            request.Headers.Authorization = await _auth.GetHeaderAsync(scopes, cancellationToken);
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, completion, cancellationToken);
            }
            catch (HttpRequestException ex) when (ex.InnerException is System.Net.Sockets.SocketException se)
            {
                throw new RegistryException($"cannot reach {Connection.Host}: {se.Message}", inner: ex) { IsTransient = true };
            }
            if (response.StatusCode != HttpStatusCode.Unauthorized || attempt > 0 || RegistryErrors.HasEmptyChallenge(response)) return response;
            _auth.Learn(AuthChallenge.FromResponse(response));
            _auth.Invalidate(scopes);
            if (_auth.Challenge is null || (!replayable && request.Content is not null))
            {
                if (_auth.Challenge is null) return response;
                response.Dispose();
                throw new RegistryException($"{request.Method} {request.RequestUri?.AbsolutePath}: token expired mid-request; retrying")
                    { IsTransient = true };
            }
            response.Dispose();
        }
    }

    internal async Task EnsureSuccessAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode) return;
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            var explained = await RegistryErrors.FromResponseAsync(response, what, cancellationToken);
            if (explained.IsExplained) throw explained;
            if (RegistryErrors.HasEmptyChallenge(response))
                throw new RegistryException($"{what}: refused with no login challenge; on Harbor this means project " +
                    $"'{Harbor.ProjectPlanner.ProjectOf(RegistryErrors.RepositoryOf(response) ?? "?")}' does not exist; create it " +
                    "(projects --create, or migrate --create-projects)", HttpStatusCode.Unauthorized, "UNAUTHORIZED") { IsExplained = true };
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
        : $"{Connection.Host}: cannot {what}: the registry needs a login and none was given");

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
            next = await Retry.ExecuteAsync(async (_, ct) =>
            {
                using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, page), scopes, ct);
                if (response.StatusCode == HttpStatusCode.NotFound && property == "tags") return null;
                await EnsureSuccessAsync(response, what, ct);
                using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(ct));
                if (json.RootElement.TryGetProperty(property, out var items) && items.ValueKind == JsonValueKind.Array)
                    all.AddRange(items.EnumerateArray().Select(i => i.GetString()).OfType<string>());
                return LinkHeader.Next(response);
            }, cancellationToken, Observe(what));
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
            await Retry.ExecuteAsync(async (_, ct) =>
            {
                HttpResponseMessage response;
                try
                {
                    response = await _http.GetAsync(Url("v2/"), ct);
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
