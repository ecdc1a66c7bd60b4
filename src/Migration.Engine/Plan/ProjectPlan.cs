using Migration.Engine.Oci;

namespace Migration.Engine.Plan;

public enum ProjectStatus { Exists, WillCreate, Missing, Invalid }

/// <summary>One Harbor project a migration needs, and the source repositories that land in it.</summary>
public sealed record ProjectPlanEntry(string Project, IReadOnlyList<string> SourceRepositories, ProjectStatus Status)
{
    /// <summary>For an invalid name: a mapping that would give a name Harbor accepts.</summary>
    public MappingSuggestion? SuggestedMapping { get; init; }

    public string? Reason { get; init; }

    /// <summary>Set when the project exists but is a proxy cache, which refuses pushes.</summary>
    public bool IsProxyCache { get; init; }

    /// <summary>After a create step: what happened.</summary>
    public string? Outcome { get; init; }
}

/// <summary>The projects a migration needs, each marked exists, will be created, missing or invalid.</summary>
public sealed record ProjectPlan(IReadOnlyList<ProjectPlanEntry> Projects)
{
    public IEnumerable<ProjectPlanEntry> ToCreate => Projects.Where(p => p.Status == ProjectStatus.WillCreate);
    public int Missing => Projects.Count(p => p.Status == ProjectStatus.Missing);
    public int Invalid => Projects.Count(p => p.Status == ProjectStatus.Invalid);

    /// <summary>Images whose project is missing, invalid or a proxy cache fail with the project's reason; the rest go on.</summary>
    /// <summary>Source repositories whose project is missing, invalid or a proxy cache: their images cannot go.</summary>
    public IReadOnlySet<string> Refused => Projects.Where(Blocks).SelectMany(p => p.SourceRepositories).ToHashSet(StringComparer.Ordinal);

    private static bool Blocks(ProjectPlanEntry p) => p.Status is ProjectStatus.Missing or ProjectStatus.Invalid || p.IsProxyCache;

    public IReadOnlyList<MigrationItem> Apply(IReadOnlyList<MigrationItem> items)
    {
        var blocked = Projects.Where(Blocks).ToDictionary(p => p.Project, p => p.Reason + (p.SuggestedMapping is null ? "" : $" (try: {p.SuggestedMapping})"));
        return items.Select(i => i.Error is null && blocked.TryGetValue(RepositoryName.ProjectOf(i.TargetRepository), out var reason)
            ? i with { Error = reason } : i).ToList();
    }
}
