using Migration.Engine.Plan;

namespace Web.Features.Projects;

/// <summary>The mapping rules as the page edits them, and the engine's <see cref="NameMapper"/> they make.</summary>
public sealed record MappingSettings(string Rules, string DefaultProject)
{
    public static MappingSettings Default { get; } = new("", "library");

    /// <summary>Throws <see cref="FormatException"/> naming the bad line.</summary>
    public NameMapper ToMapper()
    {
        var rules = Rules.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !line.StartsWith('#'))
            .Select(NameMapper.ParseRule)
            .ToList();
        return new NameMapper(rules, string.IsNullOrWhiteSpace(DefaultProject) ? "library" : DefaultProject.Trim());
    }

    /// <summary>A suggested mapping in this page's own terms: a rule line, or the default project.</summary>
    public static string Describe(MappingSuggestion suggestion) => suggestion.IsDefaultProject
        ? $"set the default project to '{suggestion.Project}'"
        : $"add the mapping rule {suggestion.From}={suggestion.Project}";
}
