namespace HarborDouble.Api;

/// <summary>
/// Harbor's `RequireProjectAccess` for name-or-id paths (`src/server/v2.0/handler/base.go`). The permission check
/// runs before the lookup, so a project that does not exist gives 401 to anonymous callers and 403 to everyone
/// else but a system admin, who gets 404 (docs/harbor.md#project-existence).
/// </summary>
internal sealed class ProjectAccess(HarborStore store, AccessControl access)
{
    public (ProjectRecord? Project, HarborError? Error) Require(HttpContext context, string nameOrId, bool nameOnly = false)
    {
        var principal = context.Principal();
        var project = Find(context, nameOrId, nameOnly);
        if (project is not null && access.CanSee(principal, project)) return (project, null);
        if (!principal.IsAuthenticated) return (null, HarborError.Unauthorized());
        if (project is null && principal.IsSysAdmin) return (null, HarborError.NotFound($"project {nameOrId} not found"));
        return (null, HarborError.Forbidden());
    }

    /// <summary>An integer is an id unless `X-Is-Resource-Name: true` says it is a name
    /// (docs/harbor.md#project-existence, v2.2+).</summary>
    public ProjectRecord? Find(HttpContext context, string nameOrId, bool nameOnly = false)
    {
        var isName = nameOnly || bool.TryParse(context.Request.Headers["X-Is-Resource-Name"], out var flag) && flag;
        return !isName && long.TryParse(nameOrId, out var id) ? store.FindProject(id) : store.FindProject(nameOrId);
    }
}
