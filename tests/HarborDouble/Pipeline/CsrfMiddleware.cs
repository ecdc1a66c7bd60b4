using System.Security.Cryptography;
using System.Text;

namespace HarborDouble.Pipeline;

/// <summary>
/// Harbor's session cookie and gorilla/csrf check (docs/harbor.md#cookies-and-csrf,
/// `src/server/middleware/csrf/csrf.go`). API responses set `sid`. A request that sends `sid` back with an unsafe
/// method needs the `X-Harbor-CSRF-Token` of an earlier response and the `_gorilla_csrf` cookie, or gets 403. This is
/// what catches HTTP clients that keep cookies (.NET's default `UseCookies = true`), on `/api` and `/v2` writes alike.
/// Requests without `sid` skip the check.
/// </summary>
internal sealed class CsrfMiddleware(RequestDelegate next)
{
    public const string SessionCookie = "sid";
    public const string SecretCookie = "_gorilla_csrf";
    public const string TokenHeader = "X-Harbor-CSRF-Token";

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var session = request.Cookies[SessionCookie];
        if (session is null)
        {
            if (request.Path.StartsWithSegments("/api"))
                context.Response.Cookies.Append(SessionCookie, NewSecret(), new CookieOptions { Path = "/", HttpOnly = true });
            await next(context);
            return;
        }

        var secret = request.Cookies[SecretCookie];
        var valid = secret is not null && request.Headers[TokenHeader].ToString() == Token(secret);
        if (secret is null)
        {
            secret = NewSecret();
            context.Response.Cookies.Append(SecretCookie, secret, new CookieOptions { Path = "/", HttpOnly = true, SameSite = SameSiteMode.Strict });
        }
        // A fresh token goes out on every request that went through the check, failed ones included.
        context.Response.Headers[TokenHeader] = Token(secret);
        if (!valid && !IsSafe(request.Method))
        {
            await HarborError.Forbidden("CSRF token invalid").ExecuteAsync(context);
            return;
        }
        await next(context);
    }

    private static bool IsSafe(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method);

    private static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');

    private string Token(string secret) =>
        Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(secret)));
}
