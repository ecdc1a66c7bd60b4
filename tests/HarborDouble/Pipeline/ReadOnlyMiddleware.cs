namespace HarborDouble.Pipeline;

/// <summary>With read-only mode on, every write on `/api` and `/v2` is refused
/// (docs/harbor.md#read-only-mode).</summary>
internal sealed class ReadOnlyMiddleware(RequestDelegate next, HarborSettings settings)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var write = HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method)
                    || HttpMethods.IsPatch(request.Method) || HttpMethods.IsDelete(request.Method);
        // Harbor exempts a few internal paths; configurations is how an admin turns the mode off again.
        if (settings.ReadOnly && write && (request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/v2"))
            && !request.Path.StartsWithSegments("/api/v2.0/configurations"))
            return HarborError.Denied("The system is in read only mode. Any modification is prohibited.").ExecuteAsync(context);
        return next(context);
    }
}
