namespace HarborDouble.Api;

/// <summary>One `k=v` of a `q` parameter: <see cref="Fuzzy"/> for `k=~v`; <see cref="Values"/> has several
/// entries for the `{a b}` (any) form (docs/harbor.md#queries).</summary>
internal sealed record QueryTerm(string Key, IReadOnlyList<string> Values, bool Fuzzy)
{
    public string Value => Values.Count > 0 ? Values[0] : "";

    public bool Matches(string candidate) => Fuzzy
        ? candidate.Contains(Value, StringComparison.Ordinal)
        : Values.Contains(candidate, StringComparer.Ordinal);
}
