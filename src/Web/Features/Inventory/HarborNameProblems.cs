using Migration.Engine.Oci;
using Migration.Engine.Harbor;
using Migration.Engine.Plan;

namespace Web.Features.Inventory;

/// <summary>Repositories whose project (the first component, single names going to <c>library</c>) Harbor would refuse:
/// the distribution grammar allows <c>a__b</c> and <c>a--b</c>, Harbor does not
/// (docs/harbor.md#project-names).</summary>
public static class HarborNameProblems
{
    public static IReadOnlyList<string> Find(IEnumerable<string> repositories)
    {
        var mapper = new NameMapper();
        return repositories
            .GroupBy(r => RepositoryName.ProjectOf(mapper.Map(r)))
            .Where(g => !HarborProjectName.IsValid(g.Key))
            .Select(g => $"project '{g.Key}' ({g.Count()} repositories) is not a valid Harbor project name: {HarborProjectName.Explain(g.Key)}" +
                         (HarborProjectName.Suggest(g.Key) is { } s ? $"; map it, e.g. {g.Key}={s}" : ""))
            .ToList();
    }
}
