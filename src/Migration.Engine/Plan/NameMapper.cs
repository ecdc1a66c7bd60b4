using Migration.Engine.Oci;

namespace Migration.Engine.Plan;

/// <summary>
/// Maps a source repository name to its target name: the longest matching <c>from=to</c> prefix rule
/// wins, then a single-component name goes under the default namespace (<c>nginx</c> → <c>library/nginx</c>),
/// as Harbor keeps every repository inside a project.
/// </summary>
public sealed class NameMapper
{
    private readonly IReadOnlyList<(string From, string To)> _rules;

    public NameMapper(IEnumerable<(string From, string To)>? rules = null, string? defaultNamespace = "library")
    {
        _rules = (rules ?? []).OrderByDescending(r => r.From.Length).ToList();
        DefaultNamespace = string.IsNullOrWhiteSpace(defaultNamespace) ? null : defaultNamespace.Trim('/');
    }

    public string? DefaultNamespace { get; }

    /// <summary>Parses <c>from=to</c>; an empty <c>to</c> strips the prefix.</summary>
    public static (string From, string To) ParseRule(string rule)
    {
        var eq = rule.IndexOf('=');
        if (eq <= 0) throw new FormatException($"mapping '{rule}' is not of the form from=to");
        return (rule[..eq].Trim('/'), rule[(eq + 1)..].Trim('/'));
    }

    public string Map(string source)
    {
        var mapped = source;
        foreach (var (from, to) in _rules)
        {
            if (source == from || source.StartsWith(from + "/", StringComparison.Ordinal))
            {
                var rest = source[from.Length..].TrimStart('/');
                mapped = string.Join('/', new[] { to, rest }.Where(p => p.Length > 0));
                break;
            }
        }
        if (!mapped.Contains('/') && DefaultNamespace is not null) mapped = $"{DefaultNamespace}/{mapped}";
        return mapped;
    }

    /// <summary>Maps and validates; the error says which source produced which bad name.</summary>
    public MappedName MapChecked(string source)
    {
        var target = Map(source);
        var why = RepositoryName.Explain(target);
        return new MappedName(source, target, why is null ? null : $"target name '{target}' (from '{source}') is invalid: {why}");
    }
}

public sealed record MappedName(string Source, string Target, string? Error);
