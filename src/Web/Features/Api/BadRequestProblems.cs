using Microsoft.AspNetCore.Diagnostics;

namespace Web.Features.Api;

/// <summary>
/// A body that is not valid JSON, or a value of the wrong type, gets a 400 problem that says which parameter and
/// why, not the bare "Bad Request" minimal APIs write by default (they throw instead, see ThrowOnBadRequest).
/// </summary>
public sealed class BadRequestProblems(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad) return false;
        httpContext.Response.StatusCode = bad.StatusCode;
        var detail = bad.InnerException is { } inner ? $"{bad.Message} {inner.Message}" : bad.Message;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = { Status = bad.StatusCode, Title = "Invalid request", Detail = detail },
        });
    }
}
