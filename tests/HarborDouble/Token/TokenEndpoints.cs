namespace HarborDouble.Token;

/// <summary>
/// `GET /service/token` (docs/harbor.md#token-service, `src/core/service/token`). Each repository scope gets every
/// action the principal holds on the project, whatever subset it asked for; an unknown project gets none and still 200.
/// Without credentials a request with a scope gets an anonymous token, one without a scope 401 (what `docker login`
/// relies on). POST, the OAuth2 form, is 405.
/// </summary>
internal sealed class TokenEndpoints(HarborStore store, AccessControl access, TokenSigner signer, HarborSettings settings, TimeProvider time)
{
    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/service/token", Issue);
        app.MapMethods("/service/token", ["POST", "PUT", "PATCH", "DELETE"],
            () => HarborError.MethodNotAllowed("method not allowed"));
    }

    private IResult Issue(HttpContext context)
    {
        var service = context.Request.Query["service"].ToString();
        if (service != TokenSigner.Service) return Results.Text($"Unable to handle service: {service}", "text/plain", statusCode: 400);
        var scopes = context.Request.Query["scope"]
            .SelectMany(s => (s ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToList();
        var principal = context.Principal();
        if (!principal.IsAuthenticated && scopes.Count == 0) return Results.StatusCode(401);

        var granted = scopes.Select(s => Grant(principal, s)).ToList();
        var issuedAt = time.GetUtcNow();
        var lifetime = settings.TokenLifetime;
        var token = signer.Issue(principal.IsAuthenticated ? principal.Name : "", granted, issuedAt, lifetime);
        // `access_token` is always present and always empty: clients must read `token` (docs/harbor.md#token-service).
        return HarborJson.Ok(new
        {
            token,
            access_token = "",
            expires_in = (long)lifetime.TotalSeconds,
            issued_at = issuedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"),
        });
    }

    /// <summary>`type:name:actions`, where the name may hold colons (a host with a port).</summary>
    private TokenAccess Grant(Principal principal, string scope)
    {
        var first = scope.IndexOf(':');
        var last = scope.LastIndexOf(':');
        var type = first < 0 ? scope : scope[..first];
        var name = first < 0 ? "" : last > first ? scope[(first + 1)..last] : scope[(first + 1)..];
        IReadOnlyList<string> actions = type switch
        {
            "repository" when name.Contains('/') && store.FindProject(name.Split('/')[0]) is { } project =>
                Ordered(access.ActionsOn(principal, project)),
            "registry" when name == "catalog" && principal.IsSysAdmin => [Actions.All],
            _ => [],
        };
        return new TokenAccess(type, name, actions);
    }

    private static IReadOnlyList<string> Ordered(IReadOnlySet<string> actions) =>
        new[] { Actions.Pull, Actions.Push, Actions.Delete, Actions.All }.Where(actions.Contains).ToList();
}
