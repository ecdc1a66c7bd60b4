namespace Web;

/// <summary>
/// Who this app instance is among several sharing one job queue: its role (<c>Dashboard:Role</c> = all, web or worker),
/// its name (<c>Dashboard:InstanceName</c>, default the machine name; give each instance on one host its own), and how
/// many repository jobs it runs at once (<c>Hangfire:RepositoryWorkers</c>). Read and checked once at start, so a typo
/// stops the app with a message instead of leaving a node that silently runs nothing.
/// </summary>
public sealed record DashboardInstance(DashboardRole Role, string Name, int RepositoryWorkers)
{
    public bool RunsJobs => Role != DashboardRole.Web;

    public static DashboardInstance From(IConfiguration configuration)
    {
        var roleText = configuration["Dashboard:Role"] ?? "all";
        if (!Enum.TryParse<DashboardRole>(roleText, ignoreCase: true, out var role) || !Enum.IsDefined(role) || int.TryParse(roleText, out _))
            throw new InvalidOperationException($"Dashboard:Role is '{roleText}'; use all (the default), web or worker (env Dashboard__Role)");
        var workersText = configuration["Hangfire:RepositoryWorkers"] ?? "1";
        if (!int.TryParse(workersText, out var workers) || workers is < 1 or > 64)
            throw new InvalidOperationException($"Hangfire:RepositoryWorkers is '{workersText}'; use a whole number from 1 to 64 (env Hangfire__RepositoryWorkers)");
        var name = configuration["Dashboard:InstanceName"];
        return new(role, string.IsNullOrWhiteSpace(name) ? Environment.MachineName : name.Trim(), workers);
    }
}
