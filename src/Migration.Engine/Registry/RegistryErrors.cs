using System.Net;
using System.Text.Json;

namespace Migration.Engine.Registry;

/// <summary>Turns an error response into a <see cref="RegistryException"/> a person can act on.</summary>
public static class RegistryErrors
{
    public static async Task<RegistryException> FromResponseAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var status = response.StatusCode;
        string body;
        try
        {
            body = response.RequestMessage?.Method == HttpMethod.Head ? "" : await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            body = "";
        }
        var (code, detail) = Parse(body);
        var message = $"{what}: {(int)status} {response.ReasonPhrase}{(detail is null ? "" : $" ({detail})")}";
        var hint = HarborErrorHints.Explain(status, code, detail, RepositoryOf(response));
        if (hint is not null) message = $"{hint} [{message}]";
        return new RegistryException(message, status, code)
        {
            IsExplained = hint is not null,
            // A blob the manifest names and the registry lacks will not appear by waiting, whatever the status (distribution
            // 2.8 wraps it in a 500 for foreign layers, docs/distribution.md#foreign-layers).
            IsTransient = IsTransientStatus(status) && detail?.Contains("MANIFEST_BLOB_UNKNOWN", StringComparison.Ordinal) != true,
            RetryAfter = RetryAfterOf(response),
        };
    }

    /// <summary>How long the registry asks us to wait (seconds or a date), if it says.</summary>
    public static TimeSpan? RetryAfterOf(HttpResponseMessage response) =>
        response.Headers.RetryAfter?.Delta ?? (response.Headers.RetryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : null);

    /// <summary>What a push into a project Harbor does not have needs, in words; each front end adds its own way to
    /// do it (a flag, a button). Takes a repository or a project name: a project's first path component is itself.</summary>
    public static string MissingProject(string? repository) =>
        $"{(repository is null ? "the project" : $"project '{Oci.RepositoryName.ProjectOf(repository)}'")} does not exist in Harbor; " +
        "create it first (or let the migration create missing projects)";

    /// <summary>A 401 whose WWW-Authenticate header is there but empty: Harbor's answer for a project that does not
    /// exist (docs/harbor.md#missing-projects). Asking for a new token cannot help.</summary>
    public static bool HasEmptyChallenge(HttpResponseMessage response) =>
        response.Headers.NonValidated.TryGetValues("WWW-Authenticate", out var values) && values.All(string.IsNullOrWhiteSpace);

    /// <summary>The repository a /v2/ request was about, read from its path.</summary>
    public static string? RepositoryOf(HttpResponseMessage response)
    {
        var path = response.RequestMessage?.RequestUri?.AbsolutePath;
        if (path is null || !path.StartsWith("/v2/", StringComparison.Ordinal)) return null;
        foreach (var marker in new[] { "/blobs/", "/manifests/", "/tags/" })
        {
            var at = path.IndexOf(marker, StringComparison.Ordinal);
            if (at > 4) return path[4..at];
        }
        return null;
    }

    // The spec retries only 502-504 (docs/distribution.md#errors-and-retries); the issue asks for all 5xx, since a
    // registry behind a proxy turns overload into a plain 500. 501 and 505 never heal by waiting.
    public static bool IsTransientStatus(HttpStatusCode status) =>
        status == HttpStatusCode.TooManyRequests ||
        ((int)status >= 500 && status is not HttpStatusCode.NotImplemented and not HttpStatusCode.HttpVersionNotSupported);

    /// <summary>Reads <c>{"errors":[{"code","message","detail"}]}</c> defensively; non-JSON bodies are shortened.</summary>
    public static (string? Code, string? Detail) Parse(string body)
    {
        if (string.IsNullOrWhiteSpace(body)) return (null, null);
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object &&
                json.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                string? first = null;
                var parts = new List<string>();
                foreach (var error in errors.EnumerateArray())
                {
                    var code = error.TryGetProperty("code", out var c) ? c.ToString() : null;
                    first ??= code;
                    var message = error.TryGetProperty("message", out var m) ? m.ToString() : null;
                    var detail = error.TryGetProperty("detail", out var d) && d.ValueKind != JsonValueKind.Null ? d.ToString() : null;
                    parts.Add(string.Join(": ", new[] { code, message, detail }.Where(p => !string.IsNullOrEmpty(p))));
                }
                return (first, string.Join("; ", parts));
            }
        }
        catch (JsonException)
        {
        }
        var flat = body.ReplaceLineEndings(" ").Trim();
        return (null, flat.Length > 200 ? flat[..200] + "…" : flat);
    }
}
