using System.Text;
using System.Text.RegularExpressions;

namespace Migration.Engine.Harbor;

/// <summary>Harbor's project name rule (docs/harbor.md#project-names): stricter than the distribution grammar, which
/// allows <c>__</c> and <c>--</c> inside a component.</summary>
public static partial class HarborProjectName
{
    [GeneratedRegex("^[a-z0-9]+(?:[._-][a-z0-9]+)*$")]
    private static partial Regex Rule();

    public static bool IsValid(string name) => name.Length is >= 1 and <= 255 && Rule().IsMatch(name);

    /// <summary>Why Harbor would refuse the name, or null.</summary>
    public static string? Explain(string name)
    {
        if (name.Length == 0) return "a project name cannot be empty";
        if (name.Length > 255) return $"it is {name.Length} characters long; Harbor allows 255";
        if (IsValid(name)) return null;
        if (name.Any(char.IsUpper)) return "Harbor project names are lower case only";
        if (name.Contains("__") || name.Contains("--") || name.Contains("..")) return "Harbor allows '.', '_' and '-' only one at a time, between letters or digits";
        return "Harbor project names are a-z and 0-9, with single '.', '_' or '-' between them";
    }

    /// <summary>A close name Harbor accepts (lower case, separator runs collapsed to one '-'), or null when nothing is left.</summary>
    public static string? Suggest(string name)
    {
        var builder = new StringBuilder();
        foreach (var c in name.ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9') builder.Append(c);
            else if (builder.Length > 0 && builder[^1] != '-') builder.Append('-');
        }
        var suggestion = builder.ToString().Trim('-');
        if (suggestion.Length > 255) suggestion = suggestion[..255].Trim('-');
        return suggestion.Length == 0 ? null : suggestion;
    }
}
