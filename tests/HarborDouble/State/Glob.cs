using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace HarborDouble.State;

/// <summary>Doublestar patterns as Harbor's immutability and retention selectors use them:
/// `**` crosses `/`, `*` and `?` do not, `{a,b}` is a choice.</summary>
internal static class Glob
{
    private static readonly ConcurrentDictionary<string, Regex> Cache = new();

    public static bool IsMatch(string pattern, string value) => Cache.GetOrAdd(pattern, Compile).IsMatch(value);

    private static Regex Compile(string pattern)
    {
        var regex = new StringBuilder("^");
        var depth = 0;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*' when i + 1 < pattern.Length && pattern[i + 1] == '*':
                    regex.Append(".*");
                    i++;
                    break;
                case '*': regex.Append("[^/]*"); break;
                case '?': regex.Append("[^/]"); break;
                case '{': regex.Append("(?:"); depth++; break;
                case '}' when depth > 0: regex.Append(')'); depth--; break;
                case ',' when depth > 0: regex.Append('|'); break;
                default: regex.Append(Regex.Escape(c.ToString())); break;
            }
        }
        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}
