namespace HarborDouble.Registry;

/// <summary>A `/v2` 401: the `Www-Authenticate` value (possibly empty) and the message.</summary>
internal sealed record V2Denial(string Challenge, string Message)
{
    public Task WriteAsync(HttpContext context)
    {
        context.Response.Headers["Docker-Distribution-Api-Version"] = "registry/2.0";
        context.Response.Headers.WWWAuthenticate = Challenge;
        return HarborError.Unauthorized(Message).ExecuteAsync(context);
    }
}
