using System.Text.Json;

namespace HarborDouble.Api;

/// <summary>An error in Harbor's envelope `{"errors":[{"code","message"}]}`, no `detail`
/// (docs/harbor.md#error-envelope), with the status Harbor maps each code to (`src/lib/http/error.go`).</summary>
internal sealed record HarborError(int Status, string Code, string Message) : IResult
{
    public const string ContentType = "application/json; charset=utf-8";

    public static HarborError BadRequest(string message) => new(400, "BAD_REQUEST", message);
    public static HarborError ManifestInvalid(string message) => new(400, "MANIFEST_INVALID", message);
    public static HarborError Unsupported(string message) => new(400, "UNSUPPORTED", message);
    public static HarborError Unauthorized(string message = "unauthorized") => new(401, "UNAUTHORIZED", message);
    public static HarborError Forbidden(string message = "forbidden") => new(403, "FORBIDDEN", message);
    public static HarborError Denied(string message) => new(403, "DENIED", message);
    public static HarborError NotFound(string message) => new(404, "NOT_FOUND", message);
    public static HarborError MethodNotAllowed(string message) => new(405, "METHOD_NOT_ALLOWED", message);
    public static HarborError Conflict(string message) => new(409, "CONFLICT", message);
    public static HarborError Precondition(string message) => new(412, "PRECONDITION", message);
    public static HarborError PolicyViolation(string message) => new(412, "PROJECTPOLICYVIOLATION", message);
    public static HarborError TooLarge(string message) => new(413, "REQUEST_ENTITY_TOO_LARGE", message);

    /// <summary>Swagger validation failures: the code is the reason phrase in upper snake case
    /// (docs/harbor.md#error-envelope).</summary>
    public static HarborError Unprocessable(string message) => new(422, "UNPROCESSABLE_ENTITY", $"validation failure list:\n{message}");

    /// <summary>Every 5xx of Harbor's own code is rewritten to this (docs/harbor.md#error-envelope).</summary>
    public static HarborError Internal() => new(500, "UNKNOWN", "internal server error");

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = Status;
        if (HttpMethods.IsHead(httpContext.Request.Method)) return;
        response.ContentType = ContentType;
        var body = new { errors = new[] { new { code = Code, message = Message } } };
        await response.WriteAsync(JsonSerializer.Serialize(body), httpContext.RequestAborted);
    }
}
