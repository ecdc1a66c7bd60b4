namespace HarborDouble.Api;

/// <summary>Parses `q=k=v,k2=~v2,k3={a b}` (docs/harbor.md#queries). Ranges are accepted and ignored: no endpoint of
/// the double filters on one.</summary>
internal static class QueryFilter
{
    public static (IReadOnlyList<QueryTerm> Terms, HarborError? Error) Parse(HttpRequest request)
    {
        // ASP.NET has decoded the parameter once; Harbor unescapes it once more itself.
        var q = request.Query["q"].ToString();
        if (q.Length == 0) return ([], null);
        q = Uri.UnescapeDataString(q);
        var terms = new List<QueryTerm>();
        foreach (var part in Split(q))
        {
            var equals = part.IndexOf('=');
            if (equals <= 0 || equals == part.Length - 1)
                return ([], HarborError.BadRequest("the query string must contain \"=\" and the key/value cannot be empty"));
            var key = part[..equals].Trim();
            var value = part[(equals + 1)..].Trim();
            terms.Add(value switch
            {
                ['~', .. var rest] => new QueryTerm(key, [rest], Fuzzy: true),
                ['{', .., '}'] or ['(', .., ')'] =>
                    new QueryTerm(key, value[1..^1].Split(' ', StringSplitOptions.RemoveEmptyEntries), Fuzzy: false),
                ['[', .., ']'] => new QueryTerm(key, [], Fuzzy: true),
                _ => new QueryTerm(key, [value], Fuzzy: false),
            });
        }
        return (terms, null);
    }

    private static IEnumerable<string> Split(string q)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < q.Length; i++)
        {
            if (q[i] is '{' or '(' or '[') depth++;
            else if (q[i] is '}' or ')' or ']') depth--;
            else if (q[i] == ',' && depth == 0)
            {
                yield return q[start..i];
                start = i + 1;
            }
        }
        yield return q[start..];
    }
}
