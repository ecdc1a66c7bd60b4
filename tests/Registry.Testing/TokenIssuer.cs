using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Registry.Testing;

/// <summary>
/// A token service like Harbor's core: checks Basic credentials, grants the requested actions to a known user
/// (none to anyone else, without failing, as the token spec says), and signs an RS256 JWT the real registry
/// verifies against the certificate bundle written here.
/// </summary>
public sealed class TokenIssuer : IAsyncDisposable
{
    private readonly RSA _key = RSA.Create(2048);
    private readonly X509Certificate2 _certificate;
    private readonly WebApplication _app;
    private readonly string _dir;
    private int _issued;

    private TokenIssuer(string user, string password, TimeSpan lifetime)
    {
        User = user;
        Password = password;
        Lifetime = lifetime;
        _dir = Directory.CreateTempSubdirectory("token-issuer-").FullName;
        var request = new CertificateRequest("CN=test-token-issuer", _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        CertificatePath = Path.Combine(_dir, "root.pem");
        File.WriteAllText(CertificatePath, _certificate.ExportCertificatePem());
        Port = FreePort.Next();

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        _app = builder.Build();
        _app.MapGet("/service/token", Issue);
    }

    public string User { get; }
    public string Password { get; }
    public TimeSpan Lifetime { get; set; }
    public int Port { get; }
    public string Service => "test-registry";
    public string Issuer => "test-issuer";
    public string Realm => $"http://127.0.0.1:{Port}/service/token";
    public string CertificatePath { get; }
    public int TokensIssued => _issued;

    public static async Task<TokenIssuer> StartAsync(string user, string password, TimeSpan? lifetime = null)
    {
        var issuer = new TokenIssuer(user, password, lifetime ?? TimeSpan.FromMinutes(5));
        await issuer._app.StartAsync();
        return issuer;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _certificate.Dispose();
        _key.Dispose();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    private IResult Issue(HttpContext context)
    {
        var authorized = IsAuthorized(context.Request.Headers.Authorization.ToString(), out var subject);
        if (!authorized && subject is not null) return Results.Unauthorized();
        var access = authorized
            ? context.Request.Query["scope"].OfType<string>().Select(ParseScope).OfType<object>().ToList()
            : [];
        Interlocked.Increment(ref _issued);
        var token = Sign(subject ?? "", access);
        return Results.Json(new { token, access_token = "", expires_in = (int)Lifetime.TotalSeconds, issued_at = DateTime.UtcNow.ToString("O") });
    }

    // Anonymous requests get a token with no access; wrong credentials are refused with 401.
    private bool IsAuthorized(string header, out string? subject)
    {
        subject = null;
        if (!header.StartsWith("Basic ", StringComparison.Ordinal)) return false;
        var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..]));
        var colon = decoded.IndexOf(':');
        subject = decoded[..colon];
        return subject == User && decoded[(colon + 1)..] == Password;
    }

    private static object? ParseScope(string scope)
    {
        // repository:<name>:<actions>; the name may hold a ':' (host:port), so split the last colon off.
        var first = scope.IndexOf(':');
        var last = scope.LastIndexOf(':');
        if (first < 0 || last <= first) return null;
        return new { type = scope[..first], name = scope[(first + 1)..last], actions = scope[(last + 1)..].Split(',') };
    }

    private string Sign(string subject, IReadOnlyList<object> access)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = new { typ = "JWT", alg = "RS256", x5c = new[] { Convert.ToBase64String(_certificate.RawData) } };
        var claims = new
        {
            iss = Issuer, sub = subject, aud = Service, exp = now + (long)Lifetime.TotalSeconds, nbf = now - 5, iat = now,
            jti = Guid.NewGuid().ToString("N"), access,
        };
        var signingInput = $"{Base64Url(JsonSerializer.SerializeToUtf8Bytes(header))}.{Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims))}";
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signingInput}.{Base64Url(signature)}";
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
