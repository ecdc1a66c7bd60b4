namespace HarborDouble.Api;

/// <summary>`/users/current` and `/users/current/permissions`: how a client checks credentials
/// (docs/harbor.md#bad-credentials).</summary>
internal sealed class UserEndpoints(HarborStore store, HarborSettings settings, AccessControl access)
{
    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v2.0/users/current", Current);
        app.MapGet("/api/v2.0/users/current/permissions", Permissions);
    }

    private static IResult Current(HttpContext context)
    {
        var principal = context.Principal();
        if (!principal.IsAuthenticated) return HarborError.Unauthorized();
        // Robots have no user profile [v2.3+] (docs/harbor.md#bad-credentials).
        if (principal.User is not { } user)
            return HarborError.Precondition($"get current user not available for security context: {principal.Kind.ToString().ToLowerInvariant()}");
        var created = HarborJson.Time(user.CreationTime);
        return HarborJson.Ok(new UserRespJson(user.Email, user.SysAdmin ? "system admin" : user.Name,
            user.SysAdmin ? "admin user" : null, user.Id, user.Name, user.SysAdmin, false, created, created));
    }

    /// <summary>200 for any principal, 401 for anonymous; `scope=/project/&lt;id&gt;&amp;relative=true` answers
    /// "may I push to this project" with `{"resource":"repository","action":"push"}`
    /// (docs/harbor.md#bad-credentials).</summary>
    private IResult Permissions(HttpContext context)
    {
        var principal = context.Principal();
        if (!principal.IsAuthenticated) return HarborError.Unauthorized();
        var scope = context.Request.Query["scope"].ToString().TrimEnd('/');
        var relative = bool.TryParse(context.Request.Query["relative"], out var r) && r;
        if (scope.StartsWith("/project/", StringComparison.Ordinal))
        {
            var project = long.TryParse(scope["/project/".Length..], out var id) ? store.FindProject(id) : null;
            var actions = project is null ? Security.Actions.None : access.ActionsOn(principal, project);
            return HarborJson.Ok(ProjectPermissions(actions)
                .Select(p => relative ? p : p with { Resource = $"{scope}/{p.Resource}" }).ToList());
        }
        var system = new List<PermissionJson>();
        var mayCreate = principal.IsSysAdmin || settings.ProjectCreationRestriction == "everyone"
            && principal.Robot is not { IsSystemLevel: false };
        if (mayCreate) system.Add(new PermissionJson("project", "create"));
        if (principal.IsSysAdmin) system.Add(new PermissionJson("catalog", "read"));
        return HarborJson.Ok(system.Select(p => relative ? p : p with { Resource = $"/system/{p.Resource}" }).ToList());
    }

    private static IEnumerable<PermissionJson> ProjectPermissions(IReadOnlySet<string> actions)
    {
        if (actions.Contains(Security.Actions.Pull))
        {
            yield return new PermissionJson("repository", "list");
            yield return new PermissionJson("repository", "read");
            yield return new PermissionJson("repository", "pull");
            yield return new PermissionJson("artifact", "list");
            yield return new PermissionJson("artifact", "read");
            yield return new PermissionJson("tag", "list");
        }
        if (actions.Contains(Security.Actions.Push))
        {
            yield return new PermissionJson("repository", "push");
            yield return new PermissionJson("artifact", "create");
            yield return new PermissionJson("tag", "create");
        }
        if (actions.Contains(Security.Actions.Delete))
        {
            yield return new PermissionJson("repository", "delete");
            yield return new PermissionJson("artifact", "delete");
            yield return new PermissionJson("tag", "delete");
        }
    }
}
