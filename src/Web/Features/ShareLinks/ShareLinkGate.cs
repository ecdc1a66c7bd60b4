namespace Web.Features.ShareLinks;

/// <summary>
/// Answers <c>/share/{token}</c> with a plain 404 when the token is unknown or revoked. The page itself renders in a
/// circuit after the response has gone, too late to set a status code, so the check happens here first.
/// </summary>
public static class ShareLinkGate
{
    public static IApplicationBuilder UseShareLinkGate(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var path = context.Request.Path.Value;
        if (path is not null && path.StartsWith("/share/", StringComparison.Ordinal) && HttpMethods.IsGet(context.Request.Method))
        {
            var token = path["/share/".Length..].TrimEnd('/');
            var links = context.RequestServices.GetRequiredService<ShareLinkService>();
            if (token.Contains('/') || await links.ResolveAsync(token, context.RequestAborted) is null)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync("Not found");
                return;
            }
        }
        await next(context);
    });
}
