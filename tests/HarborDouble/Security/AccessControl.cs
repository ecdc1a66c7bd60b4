namespace HarborDouble.Security;

/// <summary>What a principal may do with the repositories of a project: Harbor's RBAC reduced to the
/// repository actions a migration needs (docs/harbor.md#listing-projects, docs/harbor.md#token-service).</summary>
internal sealed class AccessControl(HarborStore store)
{
    public IReadOnlySet<string> ActionsOn(Principal principal, ProjectRecord project)
    {
        var actions = store.Read(() => principal.Kind switch
        {
            PrincipalKind.User when principal.IsSysAdmin => Actions.Everything,
            PrincipalKind.User when project.Members.Contains(principal.User!.Id) => Actions.PullPush,
            PrincipalKind.Robot when principal.Robot!.IsSystemLevel || principal.Robot.Project == project.Name => principal.Robot.Actions,
            PrincipalKind.Token => TokenActions(principal, project),
            _ => Actions.None,
        });
        // Anyone may pull from a public project; a token carries only what it was granted.
        return project.IsPublic && principal.Kind != PrincipalKind.Token && !actions.Contains(Actions.Pull)
            ? actions.Append(Actions.Pull).ToHashSet()
            : actions;
    }

    public bool Can(Principal principal, ProjectRecord project, string action)
    {
        var actions = ActionsOn(principal, project);
        return actions.Contains(action) || actions.Contains(Actions.All);
    }

    /// <summary>Projects show up in lists and can be read when the principal can pull from them.</summary>
    public bool CanSee(Principal principal, ProjectRecord project) => Can(principal, project, Actions.Pull);

    /// <summary>Harbor's v2 token context resolves each access entry to its project and checks by project.</summary>
    private static IReadOnlySet<string> TokenActions(Principal principal, ProjectRecord project) => principal.Access
        .Where(a => a.Type == "repository" && a.Name.Split('/')[0] == project.Name)
        .SelectMany(a => a.Actions)
        .ToHashSet(StringComparer.Ordinal);
}
