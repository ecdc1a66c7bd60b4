using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Migration.Engine.Registry;

namespace Migration.Engine.Harbor;

/// <summary>
/// Harbor's REST API (<c>/api/v2.0</c>), written to docs/harbor.md: Basic credentials on every call, no cookies (so
/// Harbor's CSRF check never applies, docs/harbor.md#cookies-and-csrf), Harbor's error envelope turned into plain
/// messages, and every answer's <c>X-Request-Id</c> logged so a failure can be found in Harbor's own logs. Projects and
/// artifacts are in the other parts of this class.
/// </summary>
public sealed partial class HarborClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly ILogger _logger;

    public HarborClient(RegistryConnection connection, ILogger? logger = null)
    {
        Connection = connection;
        _http = RegistryHttp.Create(connection);
        _logger = logger ?? NullLogger.Instance;
    }

    public RegistryConnection Connection { get; }

    /// <summary><c>GET /ping</c> answers the text <c>Pong</c> without auth (docs/harbor.md#ping-and-system-info):
    /// is this a Harbor at all?</summary>
    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, "ping", null, "text/plain", null, cancellationToken);
        return response.IsSuccessStatusCode && (await response.Content.ReadAsStringAsync(cancellationToken)).Trim() == "Pong";
    }

    public async Task<HarborSystemInfo> GetSystemInfoAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, "systeminfo", null, cancellationToken);
        await EnsureSuccessAsync(response, "read system info", cancellationToken);
        return await ReadAsync<HarborSystemInfo>(response, cancellationToken);
    }

    /// <summary>
    /// Harbor ignores bad Basic credentials and carries on as anonymous (docs/harbor.md#bad-credentials), so a wrong
    /// password only shows as a 401 from an endpoint that needs a principal. Users are checked with
    /// <c>/users/current</c>; robots, which get 412 there, with <c>/users/current/permissions</c>. Call this once
    /// before any work: each failed login also locks the account for 1.5 s.
    /// </summary>
    public async Task<HarborIdentity> CheckCredentialsAsync(CancellationToken cancellationToken)
    {
        if (!Connection.HasCredentials)
            throw new RegistryAuthException($"{Connection.Host}: Harbor needs a login (a user, or robot$name): {Connection.LoginHint}");
        var user = Connection.Username!;
        if (!HarborIdentity.IsRobotName(user))
        {
            using var current = await SendAsync(HttpMethod.Get, "users/current", null, cancellationToken);
            if (current.IsSuccessStatusCode)
            {
                using var json = JsonDocument.Parse(await current.Content.ReadAsStreamAsync(cancellationToken));
                var admin = json.RootElement.TryGetProperty("sysadmin_flag", out var flag) && flag.ValueKind == JsonValueKind.True;
                return new HarborIdentity(user, IsRobot: false, admin);
            }
            if (current.StatusCode == HttpStatusCode.Unauthorized) throw WrongCredentials(user);
            if (current.StatusCode != HttpStatusCode.PreconditionFailed) await EnsureSuccessAsync(current, "check the login", cancellationToken);
        }
        using var permissions = await SendAsync(HttpMethod.Get, "users/current/permissions", null, cancellationToken);
        if (permissions.StatusCode == HttpStatusCode.Unauthorized) throw WrongCredentials(user);
        await EnsureSuccessAsync(permissions, "check the login", cancellationToken);
        return new HarborIdentity(user, IsRobot: true, IsSystemAdmin: false);
    }

    public void Dispose() => _http.Dispose();

    private RegistryAuthException WrongCredentials(string user) => new(
        $"{Connection.Host}: Harbor did not accept {(HarborIdentity.IsRobotName(user) ? "robot" : "user")} '{user}': wrong username or password " +
        "(Harbor treats a failed login as anonymous, so it never says so itself)");

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken) =>
        SendAsync(method, path, body, "application/json", null, cancellationToken);

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body, string accept,
        IReadOnlyDictionary<string, string>? headers, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(Connection.BaseUri, "api/v2.0/" + path));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        if (Connection.HasCredentials)
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Connection.Username}:{Connection.Password}")));
        foreach (var (name, value) in headers ?? new Dictionary<string, string>()) request.Headers.TryAddWithoutValidation(name, value);
        if (body is not null) request.Content = JsonContent.Create(body);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new RegistryException($"cannot reach Harbor at {Connection.BaseUri}: {ex.InnerException?.Message ?? ex.Message}", inner: ex);
        }
        // The path and status only: the Authorization header and bodies never reach the log.
        _logger.LogDebug("Harbor {Method} /api/v2.0/{Path} -> {Status} (X-Request-Id {RequestId})",
            method, path.Split('?')[0], (int)response.StatusCode, RequestId(response));
        return response;
    }

    private async Task EnsureSuccessAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode) return;
        var body = response.RequestMessage?.Method == HttpMethod.Head ? "" : await response.Content.ReadAsStringAsync(cancellationToken);
        var (code, detail) = RegistryErrors.Parse(body);
        var requestId = RequestId(response);
        _logger.LogWarning("Harbor refused to {What}: {Status} {Code} (X-Request-Id {RequestId})", what, (int)response.StatusCode, code, requestId);
        var reason = response.StatusCode == HttpStatusCode.Unauthorized
            ? $"{detail ?? "unauthorized"}: the login was refused or is missing"
            : detail ?? response.ReasonPhrase;
        throw new HarborApiException($"Harbor at {Connection.Host} refused to {what}: {(int)response.StatusCode} {reason}" +
            (requestId is null ? "" : $" (X-Request-Id {requestId})"), response.StatusCode, code, requestId);
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken) =>
        await response.Content.ReadFromJsonAsync<T>(cancellationToken) ?? throw new HarborApiException("Harbor answered with an empty body", response.StatusCode, null, RequestId(response));

    private static string? RequestId(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Request-Id", out var values) ? values.FirstOrDefault() : null;
}
