using System.Text.RegularExpressions;

namespace Migration.Engine.Plan;

/// <summary>Which images a run takes. Globs match whole source repository names; <c>*</c> matches any run of
/// characters, '/' included, and <c>?</c> one character.</summary>
public sealed record ImageFilter
{
    public IReadOnlyList<string> Include { get; init; } = [];
    public IReadOnlyList<string> Exclude { get; init; } = [];
    public string? TagPattern { get; init; }
    /// <summary>Keep only the N most recently pushed tags of each repository.</summary>
    public int? Latest { get; init; }
    public bool IncludeUntagged { get; init; }

    /// <summary>Also copy tags whose manifest the registry no longer serves (<see cref="Inventory.ProblemCodes.DanglingTag"/>).
    /// Off by default: the registry itself answers 404 for them, so they are not part of what it holds.</summary>
    public bool IncludeDanglingTags { get; init; }

    /// <summary>What to do with schema1 images, which distribution 2.8+ and Harbor 2.x refuse.</summary>
    public Schema1Handling Schema1 { get; init; } = Schema1Handling.Convert;

    public bool MatchesRepository(string repository) =>
        (Include.Count == 0 || Include.Any(g => Glob(g).IsMatch(repository))) && !Exclude.Any(g => Glob(g).IsMatch(repository));

    public static Regex Glob(string glob) =>
        new("^" + Regex.Escape(glob).Replace(@"\*", ".*").Replace(@"\?", ".") + "$", RegexOptions.CultureInvariant);
}
