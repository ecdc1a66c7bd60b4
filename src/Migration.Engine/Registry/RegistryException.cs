using System.Net;

namespace Migration.Engine.Registry;

/// <summary>A registry answered with an error. The message says what was asked, what came back, and the
/// registry's own error codes and messages when the body had them.</summary>
public class RegistryException(string message, HttpStatusCode? status = null, string? code = null, Exception? inner = null)
    : Exception(message, inner)
{
    public HttpStatusCode? Status { get; } = status;

    /// <summary>The first distribution error code, such as <c>MANIFEST_BLOB_UNKNOWN</c>.</summary>
    public string? Code { get; } = code;

    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Worth another try: throttling, a server error, a dropped connection, or a token that expired mid-stream.</summary>
    public bool IsTransient { get; init; }

    /// <summary>The message already says what to do (a Harbor answer translated by HarborErrorHints).</summary>
    public bool IsExplained { get; init; }
}

/// <summary>The credentials were refused, or none were given where they are needed.</summary>
public sealed class RegistryAuthException(string message) : RegistryException(message, HttpStatusCode.Unauthorized, "UNAUTHORIZED");

/// <summary>An upload session the registry no longer has (expired, or it lost bytes it had confirmed): the upload
/// starts over with a new one.</summary>
public sealed class UploadSessionLostException : RegistryException
{
    public UploadSessionLostException(string message) : base(message, HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN") => IsTransient = true;
}
