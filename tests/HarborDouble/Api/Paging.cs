namespace HarborDouble.Api;

/// <summary>`page` and `page_size` (default 10, at most 100, else 422), `X-Total-Count` always and `Link` when
/// there is another page (docs/harbor.md#pagination).</summary>
internal sealed record Paging(long Page, long PageSize)
{
    public const long DefaultPageSize = 10;
    public const long MaxPageSize = 100;

    public static (Paging? Paging, HarborError? Error) From(HttpRequest request)
    {
        if (!TryInt(request, "page", 1, out var page)) return (null, Invalid("page", request.Query["page"]));
        if (!TryInt(request, "page_size", DefaultPageSize, out var size)) return (null, Invalid("page_size", request.Query["page_size"]));
        if (size > MaxPageSize)
            return (null, HarborError.Unprocessable($"page_size in query should be less than or equal to {MaxPageSize}"));
        return (new Paging(Math.Max(page, 1), size <= 0 ? DefaultPageSize : size), null);
    }

    public IEnumerable<T> Apply<T>(IEnumerable<T> items) => items.Skip((int)Math.Min((Page - 1) * PageSize, int.MaxValue)).Take((int)PageSize);

    public void WriteHeaders(HttpContext context, long total)
    {
        context.Response.Headers["X-Total-Count"] = total.ToString();
        var links = new List<string>();
        if (Page > 1 && (Page - 1) * PageSize < total) links.Add($"<{Url(context, Page - 1)}>; rel=\"prev\"");
        if (PageSize * Page < total) links.Add($"<{Url(context, Page + 1)}>; rel=\"next\"");
        if (links.Count > 0) context.Response.Headers.Link = string.Join(" , ", links);
    }

    /// <summary>Harbor's `Links`: the request path and query with page and page_size rewritten, keys sorted as
    /// `url.Values.Encode` sorts them, and the whole URL unescaped again — relative, not absolute.</summary>
    private string Url(HttpContext context, long page)
    {
        var query = context.Request.Query
            .Where(q => q.Key is not ("page" or "page_size"))
            .SelectMany(q => q.Value.Select(v => (q.Key, Value: v ?? "")))
            .Append(("page", page.ToString())).Append(("page_size", PageSize.ToString()))
            .OrderBy(q => q.Item1, StringComparer.Ordinal)
            .Select(q => $"{q.Item1}={q.Item2}");
        return $"{context.Request.PathBase}{context.Request.Path}?{string.Join('&', query)}";
    }

    private static bool TryInt(HttpRequest request, string name, long fallback, out long value)
    {
        var text = request.Query[name].ToString();
        value = fallback;
        return text.Length == 0 || long.TryParse(text, out value);
    }

    private static HarborError Invalid(string name, string? value) =>
        HarborError.Unprocessable($"{name} in query must be of type int64: \"{value}\"");
}
