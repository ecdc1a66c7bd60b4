using System.Text.RegularExpressions;

namespace Migration.Engine.Oci;

/// <summary>The distribution name grammar (distribution reference/regexp.go, docs/distribution.md#names): lowercase
/// alphanumeric components joined by <c>.</c>, <c>_</c>, <c>__</c> or dashes, separated by <c>/</c>.</summary>
public static partial class RepositoryName
{
    public const int MaxLength = 255;

    [GeneratedRegex("^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex Grammar();

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TagGrammar();

    public static bool IsValid(string name) => name.Length is > 0 and <= MaxLength && Grammar().IsMatch(name);

    /// <summary>Why a name is refused, in words a person can act on; null when it is valid.</summary>
    public static string? Explain(string name)
    {
        if (name.Length == 0) return "the name is empty";
        if (name.Length > MaxLength) return $"the name is {name.Length} characters long; the limit is {MaxLength}";
        if (IsValid(name)) return null;
        if (name.Any(char.IsUpper)) return "it has upper-case letters; repository names are lower case only";
        return "it breaks the distribution name grammar: components of a-z and 0-9, joined by '.', '_', '__' or '-', separated by '/'";
    }

    public static bool IsValidTag(string tag) => TagGrammar().IsMatch(tag);

    /// <summary>The first path component: the Harbor project a repository lives in.</summary>
    public static string ProjectOf(string repository)
    {
        var slash = repository.IndexOf('/');
        return slash < 0 ? repository : repository[..slash];
    }
}
