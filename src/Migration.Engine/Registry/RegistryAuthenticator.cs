using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Migration.Engine.Registry;

/// <summary>
/// Answers "what Authorization header goes on this request": nothing for an open registry, Basic when the
/// registry asks for Basic, or a bearer token for exactly the scopes the request needs, fetched from the
/// challenge's realm and cached until shortly before it expires.
/// </summary>
internal sealed class RegistryAuthenticator(HttpClient http, RegistryConnection connection, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, RegistryToken> _tokens = new();
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _fetchLocks = new();
    private AuthChallenge? _challenge;

    public AuthChallenge? Challenge => Volatile.Read(ref _challenge);

    /// <summary>Counts token requests, so tests can see refreshes happen.</summary>
    public int TokensFetched;

    public void Learn(AuthChallenge? challenge)
    {
        // A Basic challenge after a bearer one is Harbor's answer to a request that carried Basic credentials
        // (docs/harbor.md#challenges); the token realm is still the way in, so keep it.
        if (challenge is null || (challenge.IsBasic && Challenge?.IsBearer == true)) return;
        if (challenge.IsBearer && string.IsNullOrEmpty(challenge.Realm)) return;
        Volatile.Write(ref _challenge, challenge);
    }

    public void Invalidate(IReadOnlyList<string> scopes) => _tokens.TryRemove(Key(scopes), out _);

    public async Task<AuthenticationHeaderValue?> GetHeaderAsync(IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        var challenge = Challenge;
        if (challenge is null) return null;
        if (!challenge.IsBearer) return connection.HasCredentials ? BasicHeader() : null;
        var token = await GetTokenAsync(challenge, scopes, cancellationToken);
        return new AuthenticationHeaderValue("Bearer", token.Value);
    }

    private async Task<RegistryToken> GetTokenAsync(AuthChallenge challenge, IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        var key = Key(scopes);
        if (_tokens.TryGetValue(key, out var cached) && cached.IsFresh(clock.GetUtcNow())) return cached;
        var gate = _fetchLocks.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (_tokens.TryGetValue(key, out cached) && cached.IsFresh(clock.GetUtcNow())) return cached;
            var token = await FetchTokenAsync(challenge, scopes, cancellationToken);
            _tokens[key] = token;
            return token;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<RegistryToken> FetchTokenAsync(AuthChallenge challenge, IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        var query = new StringBuilder();
        if (challenge.Service is { } service) query.Append("service=").Append(Uri.EscapeDataString(service));
        // One scope parameter per scope is always understood (docs/distribution.md#tokens).
        foreach (var scope in scopes.Count > 0 ? scopes : challenge.Scope is { } s ? [s] : [])
            query.Append(query.Length > 0 ? "&" : "").Append("scope=").Append(Uri.EscapeDataString(scope));
        var realm = new Uri(connection.BaseUri, challenge.Realm);
        var uri = new UriBuilder(realm) { Query = string.Join("&", new[] { realm.Query.TrimStart('?'), query.ToString() }.Where(q => q.Length > 0)) }.Uri;

        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (connection.HasCredentials) request.Headers.Authorization = BasicHeader();
        var received = clock.GetUtcNow();
        using var response = await http.SendAsync(request, cancellationToken);
        Interlocked.Increment(ref TokensFetched);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new RegistryAuthException(connection.HasCredentials
                ? $"{connection.Host}: the token service refused user '{connection.Username}' (wrong username or password)"
                : $"{connection.Host}: the registry needs a login and none was given; {connection.LoginHint}");
        }
        if (!response.IsSuccessStatusCode)
            throw await RegistryErrors.FromResponseAsync(response, $"token request to {realm.GetLeftPart(UriPartial.Path)}", cancellationToken);

        using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
        // Harbor sends an empty access_token beside the real token; prefer token, take whichever is non-empty.
        var value = NonEmpty(json.RootElement, "token") ?? NonEmpty(json.RootElement, "access_token")
            ?? throw new RegistryException($"{connection.Host}: the token service answered without a token");
        var lifetime = TimeSpan.FromSeconds(
            json.RootElement.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var seconds) && seconds > 0 ? seconds : 60);
        return new RegistryToken(value, received + lifetime, lifetime);
    }

    private AuthenticationHeaderValue BasicHeader() =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{connection.Username}:{connection.Password}")));

    private static string Key(IReadOnlyList<string> scopes) => string.Join(' ', scopes.Order(StringComparer.Ordinal));

    private static string? NonEmpty(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;
}
