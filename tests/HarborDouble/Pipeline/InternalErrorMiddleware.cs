namespace HarborDouble.Pipeline;

/// <summary>An exception in the double's own code becomes Harbor's rewritten 5xx (docs/harbor.md#error-envelope).
/// Registry 5xx that are proxied are not touched (docs/harbor.md#the-v2-edge).</summary>
internal sealed class InternalErrorMiddleware(RequestDelegate next, ILogger<InternalErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
        catch (Exception e)
        {
            logger.LogError(e, "{Method} {Path} failed", context.Request.Method, context.Request.Path);
            if (context.Response.HasStarted) throw;
            context.Response.Clear();
            await HarborError.Internal().ExecuteAsync(context);
        }
    }
}
