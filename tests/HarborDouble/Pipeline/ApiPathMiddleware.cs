using Microsoft.AspNetCore.Http.Features;

namespace HarborDouble.Pipeline;

/// <summary>
/// Gives `/api` routes the path Go's HTTP layer sees: the raw target decoded exactly once. Kestrel keeps `%2F`
/// encoded, which would let a singly-encoded repository name (`a%2Fb`) match a route; in Harbor it becomes `a/b`
/// and misses the route (404), while a doubly-encoded `a%252Fb` arrives as `a%2Fb`, and the handler decodes it
/// again (docs/harbor.md#repository-paths).
/// </summary>
internal sealed class ApiPathMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments("/api")
            && context.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } raw && raw[0] == '/')
        {
            var query = raw.IndexOf('?');
            context.Request.Path = new PathString(Uri.UnescapeDataString(query < 0 ? raw : raw[..query]));
        }
        return next(context);
    }
}
