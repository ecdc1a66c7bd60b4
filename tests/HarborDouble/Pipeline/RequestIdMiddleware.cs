namespace HarborDouble.Pipeline;

/// <summary>Every response carries `X-Request-Id`: the caller's, echoed, or a new UUID
/// (docs/harbor.md#request-ids).</summary>
internal sealed class RequestIdMiddleware(RequestDelegate next)
{
    public const string Header = "X-Request-Id";

    public Task InvokeAsync(HttpContext context)
    {
        var sent = context.Request.Headers[Header].ToString();
        var id = sent.Length > 0 ? sent : Guid.NewGuid().ToString();
        // Set as the response starts, so that proxied headers and error rewrites cannot lose it.
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[Header] = id;
            return Task.CompletedTask;
        });
        return next(context);
    }
}
