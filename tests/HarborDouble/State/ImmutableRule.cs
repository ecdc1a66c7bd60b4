namespace HarborDouble.State;

/// <summary>An enabled immutability rule: repositories (without the project) and tags matching these
/// doublestar patterns cannot be re-pushed (docs/harbor.md#immutable-tags).</summary>
internal sealed record ImmutableRule(long Id, string RepositoryPattern, string TagPattern)
{
    public bool Matches(string repositoryWithoutProject, string tag) =>
        Glob.IsMatch(RepositoryPattern, repositoryWithoutProject) && Glob.IsMatch(TagPattern, tag);
}
