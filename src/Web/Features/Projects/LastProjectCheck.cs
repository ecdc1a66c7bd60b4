using Migration.Engine.Plan;

namespace Web.Features.Projects;

/// <summary>The last project check or creation on this instance, for the Overview page. In memory only: it is Harbor's
/// answer at one moment, soon stale, so it is not worth a table; after a restart the Overview says it is not known.</summary>
public sealed class LastProjectCheck
{
    private ProjectCheck? _latest;

    public ProjectCheck? Latest => Volatile.Read(ref _latest);

    public void Record(string target, ProjectPlan plan) =>
        Volatile.Write(ref _latest, new ProjectCheck(target, plan.Projects.Count, plan.ToCreate.Count() + plan.Missing, DateTimeOffset.UtcNow));
}
