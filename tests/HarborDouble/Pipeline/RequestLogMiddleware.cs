namespace HarborDouble.Pipeline;

/// <summary>Records each answered request in the <see cref="HarborRequestLog"/>, and prints it when asked to.</summary>
internal sealed class RequestLogMiddleware(RequestDelegate next, HarborRequestLog log, HarborDoubleOptions options, TimeProvider time)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var tag = RequestTag.Of(context);
        var path = context.Request.Path;
        tag.Kind = path.StartsWithSegments("/api") ? HarborRequestKind.Api
            : path.StartsWithSegments("/service/token") ? HarborRequestKind.Token
            : HarborRequestKind.Other;
        try
        {
            await next(context);
        }
        finally
        {
            var request = context.Request;
            log.Add(new HarborRequest(tag.Kind, request.Method, request.Path + request.QueryString, tag.Project, tag.Digest,
                context.Response.StatusCode, time.GetUtcNow()));
            if (options.LogRequests)
                Console.WriteLine($"{time.GetUtcNow():HH:mm:ss.fff} {context.Response.StatusCode} {request.Method} {request.Path}{request.QueryString} [{tag.Kind}]");
        }
    }
}
