namespace Migration.Engine.Registry;

/// <summary>Reads the <c>rel="next"</c> URL from a <c>Link</c> header, as _catalog and tags/list page with it.</summary>
internal static class LinkHeader
{
    public static Uri? Next(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var values)) return null;
        foreach (var value in values)
        {
            foreach (var part in value.Split(','))
            {
                var open = part.IndexOf('<');
                var close = part.IndexOf('>');
                if (open < 0 || close < open || !part.Contains("rel=\"next\"", StringComparison.OrdinalIgnoreCase)) continue;
                return new Uri(response.RequestMessage!.RequestUri!, part[(open + 1)..close]);
            }
        }
        return null;
    }
}
