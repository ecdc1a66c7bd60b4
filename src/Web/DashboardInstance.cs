using Web.Configuration;

namespace Web;

/// <summary>
/// Who this app instance is among several sharing one job queue: its role (<c>Dashboard:Role</c> = all, web or worker),
/// its name (<c>Dashboard:InstanceName</c>, default the machine name; give each instance on one host its own), and how
/// many repository jobs it runs at once (<c>Hangfire:RepositoryWorkers</c>), and how long an instance may go silent
/// before the others take its work over (<c>Hangfire:WorkerTimeoutSeconds</c>). A typo is not left to make a node that
/// silently runs nothing: <see cref="DashboardSettingsValidator"/> stops the app at start with a message.
/// </summary>
public sealed record DashboardInstance(DashboardRole Role, string Name, int RepositoryWorkers, TimeSpan WorkerTimeout)
{
    public bool RunsJobs => Role != DashboardRole.Web;

    /// <summary>The instance for registering services, which happens before anything can be reported: a wrong setting
    /// gives its default here, and the validator stops the app at start before any job runs.</summary>
    public static DashboardInstance From(IConfiguration configuration) => From(DashboardSettings.From(configuration));

    public static DashboardInstance From(DashboardSettings settings) => new(
        settings.RoleChoice ?? DashboardRole.All,
        settings.InstanceNameOrMachineName,
        settings.RepositoryWorkerCount ?? DashboardSettings.DefaultRepositoryWorkers,
        settings.WorkerTimeout ?? TimeSpan.FromSeconds(DashboardSettings.DefaultWorkerTimeoutSeconds));
}
