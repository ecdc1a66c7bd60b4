namespace HarborDouble.Api.Models;

/// <summary>swagger `ImmutableRule`, as Harbor stores what its UI creates: doublestar selectors.</summary>
internal sealed record ImmutableRuleJson(
    long Id,
    int Priority,
    bool Disabled,
    string Action,
    string Template,
    IReadOnlyList<ImmutableSelectorJson> TagSelectors,
    IReadOnlyDictionary<string, IReadOnlyList<ImmutableSelectorJson>> ScopeSelectors)
{
    public static ImmutableRuleJson From(ImmutableRule rule) => new(rule.Id, 0, false, "immutable", "immutable_template",
        [new ImmutableSelectorJson("doublestar", "matches", rule.TagPattern)],
        new Dictionary<string, IReadOnlyList<ImmutableSelectorJson>>
        {
            ["repository"] = [new ImmutableSelectorJson("doublestar", "repoMatches", rule.RepositoryPattern)],
        });
}
