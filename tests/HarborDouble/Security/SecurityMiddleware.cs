namespace HarborDouble.Security;

/// <summary>
/// Attaches the request's principal. On `/v2` a bearer token issued by the double is checked (signature, audience,
/// exp with the configured leeway); elsewhere and otherwise Basic credentials are tried. Anything that does not
/// authenticate leaves the request anonymous, never a 401 by itself (docs/harbor.md#bad-credentials).
/// </summary>
internal sealed class SecurityMiddleware(RequestDelegate next, Authenticator authenticator, TokenSigner signer, HarborSettings settings, TimeProvider time)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        var principal = Principal.Anonymous;
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            // Bearer is a registry token only on /v2; on /api it would be an OIDC ID token, which the double lacks.
            if (context.Request.Path.StartsWithSegments("/v2"))
                principal = signer.Validate(authorization[7..].Trim(), time.GetUtcNow(), settings.TokenLeeway) ?? Principal.Anonymous;
        }
        else if (authorization.Length > 0)
        {
            principal = await authenticator.AuthenticateAsync(authorization, context.RequestAborted);
        }
        context.SetPrincipal(principal);
        await next(context);
    }
}
