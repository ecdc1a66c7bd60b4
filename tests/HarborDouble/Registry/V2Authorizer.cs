namespace HarborDouble.Registry;

/// <summary>
/// Harbor's `/v2` auth check and challenges (docs/harbor.md#challenges, `src/server/middleware/v2auth/auth.go`):
/// no Authorization header gets a Bearer challenge pointing at the token service (with the scopes the request
/// needs); any Authorization header that did not grant access gets `Basic realm="harbor"`; a project that does not
/// exist gets an empty challenge. HEAD and GET on a repository without Authorization are refused even on public
/// projects (issue #11271), before the project is looked up.
/// </summary>
internal sealed class V2Authorizer(HarborStore store, AccessControl access, HarborSettings settings)
{
    /// <summary>The 401 to send, or null when the principal may go on.</summary>
    public V2Denial? Check(HttpContext context, V2Route route, IReadOnlyList<V2Access> accesses)
    {
        var principal = context.Principal();
        var hasAuthorization = context.Request.Headers.Authorization.Count > 0;
        var method = context.Request.Method;
        switch (route.Kind)
        {
            case V2RouteKind.Base:
                return principal.IsAuthenticated ? null : Deny(context, accesses, "unauthorized");
            case V2RouteKind.Catalog:
                // The catalog challenge is always Basic (docs/harbor.md#challenges).
                return principal.IsSysAdmin ? null : new V2Denial("Basic realm=\"harbor\"", Message("unauthorized to list catalog"));
        }
        foreach (var a in accesses)
        {
            if (!hasAuthorization && (HttpMethods.IsHead(method) || HttpMethods.IsGet(method)))
                return Deny(context, accesses, "authorize header needed to send HEAD to repository");
            if (store.FindProject(a.Project) is not { } project)
                return new V2Denial("", Message($"project {a.Project} not found"));
            if (!access.Can(principal, project, a.Action))
                return Deny(context, accesses, $"unauthorized to access repository: {a.Name}, action: {a.Action}");
        }
        return null;
    }

    private V2Denial Deny(HttpContext context, IReadOnlyList<V2Access> accesses, string message)
    {
        if (context.Request.Headers.Authorization.Count > 0) return new V2Denial("Basic realm=\"harbor\"", Message(message));
        // realm follows the request's Host; the scheme comes from the external URL (docs/harbor.md#challenges).
        var realm = $"{settings.ExternalUrl.Scheme}://{context.Request.Host}/service/token";
        var challenge = $"Bearer realm=\"{realm}\",service=\"{TokenSigner.Service}\"";
        var scope = string.Join(' ', accesses.Select(a => a.Scope));
        return new V2Denial(scope.Length > 0 ? $"{challenge},scope=\"{scope}\"" : challenge, Message(message));
    }

    /// <summary>Harbor wraps the cause in an error of the same text, hence the repetition
    /// (docs/harbor.md#error-envelope).</summary>
    private static string Message(string cause) => $"{cause}: {cause}";
}
