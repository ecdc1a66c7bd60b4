using Migration.Engine.Plan;

using Migration.Engine.Harbor;
using Migration.Engine.Registry;

using Migration.Engine.Oci;

namespace Migration.Engine.Plan;

/// <summary>
/// Maps source repositories (after the name-mapping rules) to Harbor projects, the first path component, checks each
/// against Harbor's name rule and its existence, and creates what is missing. Creating is idempotent: HEAD, then
/// POST, with a 409 from a concurrent creator counted as success (docs/harbor.md#creating-projects).
/// </summary>
public sealed class ProjectPlanner(HarborClient harbor)
{
    public async Task<ProjectPlan> PlanAsync(IEnumerable<string> sourceRepositories, NameMapper mapper, bool create, CancellationToken cancellationToken)
    {
        var byProject = sourceRepositories.GroupBy(source => RepositoryName.ProjectOf(mapper.Map(source)))
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        var entries = new List<ProjectPlanEntry>();
        foreach (var group in byProject)
        {
            var sources = group.Order(StringComparer.Ordinal).ToList();
            var why = HarborProjectName.Explain(group.Key);
            if (why is not null)
            {
                var suggestion = HarborProjectName.Suggest(group.Key);
                entries.Add(new ProjectPlanEntry(group.Key, sources, ProjectStatus.Invalid)
                {
                    Reason = $"'{group.Key}' is not a valid Harbor project name: {why}",
                    SuggestedMapping = suggestion is null ? null
                        : new MappingSuggestion(sources[0].Contains('/') ? sources[0].Split('/')[0] : null, suggestion),
                });
                continue;
            }
            if (await harbor.ProjectExistsAsync(group.Key, cancellationToken))
            {
                var project = await harbor.GetProjectAsync(group.Key, cancellationToken);
                entries.Add(new ProjectPlanEntry(group.Key, sources, ProjectStatus.Exists)
                {
                    IsProxyCache = project?.IsProxyCache == true,
                    Reason = project?.IsProxyCache == true ? $"'{group.Key}' is a proxy-cache project: Harbor refuses pushes into it" : null,
                });
                continue;
            }
            entries.Add(new ProjectPlanEntry(group.Key, sources, create ? ProjectStatus.WillCreate : ProjectStatus.Missing)
            {
                Reason = create ? null : RegistryErrors.MissingProject(group.Key),
            });
        }
        return new ProjectPlan(entries);
    }

    /// <summary>Creates every project the plan marks WillCreate; each entry says what happened. One failure does not stop the rest.</summary>
    public async Task<ProjectPlan> CreateAsync(ProjectPlan plan, bool isPublic, long? storageLimit, CancellationToken cancellationToken)
    {
        var result = new List<ProjectPlanEntry>();
        foreach (var entry in plan.Projects)
        {
            if (entry.Status != ProjectStatus.WillCreate)
            {
                result.Add(entry);
                continue;
            }
            try
            {
                var created = await harbor.ProjectExistsAsync(entry.Project, cancellationToken)
                    ? ProjectCreation.AlreadyExisted
                    : await harbor.CreateProjectAsync(entry.Project, isPublic, storageLimit, cancellationToken);
                result.Add(entry with
                {
                    Status = ProjectStatus.Exists,
                    Outcome = created == ProjectCreation.Created ? "created" : "already existed",
                });
            }
            catch (Registry.RegistryException ex)
            {
                result.Add(entry with { Status = ProjectStatus.Missing, Outcome = "failed", Reason = ex.Message });
            }
        }
        return new ProjectPlan(result);
    }
}
