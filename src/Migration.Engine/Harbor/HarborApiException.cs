using System.Net;
using Migration.Engine.Registry;

namespace Migration.Engine.Harbor;

/// <summary>Harbor's REST API refused a call. The message is Harbor's own, from its error envelope
/// (docs/harbor.md#error-envelope), with what we asked and the request id to find it in Harbor's logs.</summary>
public sealed class HarborApiException(string message, HttpStatusCode status, string? code, string? requestId)
    : RegistryException(message, status, code)
{
    public string? RequestId { get; } = requestId;
}
