using System.Net;

namespace Migration.Engine.Registry;

/// <summary>
/// Turns Harbor's answers on <c>/v2/</c> into what a person should do. Harbor reports a missing project as 401 and
/// a full quota as a generic DENIED (docs/harbor.md#missing-projects,
/// docs/harbor.md#storage-quota); tools like skopeo print those as "authentication
/// required", which sends people chasing passwords. Returns null for answers that need no translation.
/// </summary>
public static class HarborErrorHints
{
    public static string? Explain(HttpStatusCode status, string? code, string? detail, string? repository)
    {
        var text = detail ?? "";
        var project = repository is null ? "the project" : $"project '{Oci.RepositoryName.ProjectOf(repository)}'";
        if (status == HttpStatusCode.Unauthorized && text.Contains(" not found", StringComparison.Ordinal) && text.Contains("project ", StringComparison.Ordinal))
            return RegistryErrors.MissingProject(repository);
        if (status == HttpStatusCode.Forbidden && text.Contains("exceed the configured upper limit", StringComparison.Ordinal))
            return $"the storage quota of {project} is exceeded ({text.Split("DENIED: ").Last()})";
        if (status == HttpStatusCode.Forbidden && text.Contains("proxy project", StringComparison.Ordinal))
            return $"{project} is a proxy-cache project; Harbor accepts no pushes into it";
        if (status == HttpStatusCode.PreconditionFailed && text.Contains("immutable", StringComparison.Ordinal))
            return $"the tag is immutable in {project} and already points at another image";
        if (status == HttpStatusCode.BadRequest && code == "UNSUPPORTED")
            return $"Harbor does not accept this manifest's media type ({text})";
        if (status == HttpStatusCode.Forbidden && text.Contains("read only mode", StringComparison.Ordinal))
            return "Harbor is in read-only mode; an administrator must turn it off";
        return null;
    }
}
