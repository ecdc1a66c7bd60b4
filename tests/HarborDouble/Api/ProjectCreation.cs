using System.Text.Json;
using System.Text.RegularExpressions;

namespace HarborDouble.Api;

/// <summary>`POST /projects` with Harbor's checks in Harbor's order (docs/harbor.md#project-names,
/// docs/harbor.md#creating-projects).</summary>
internal sealed class ProjectCreation(HarborStore store, HarborSettings settings)
{
    /// <summary>1 PiB: the largest storage limit Harbor accepts.</summary>
    public const long MaxStorageLimit = 1125899906842624;

    private static readonly Regex NameRule = new("^[a-z0-9]+(?:[._-][a-z0-9]+)*$", RegexOptions.CultureInvariant);

    public void Map(IEndpointRouteBuilder app) => app.MapPost("/api/v2.0/projects", (Delegate)CreateAsync);

    private async Task<IResult> CreateAsync(HttpContext context)
    {
        // go-swagger binds and validates the body before the handler, and so before the 401 check.
        ProjectReq? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<ProjectReq>(context.Request.Body, HarborJson.Options, context.RequestAborted);
        }
        catch (JsonException e)
        {
            return HarborError.BadRequest($"parsing project body from \"\" failed, because {e.Message}");
        }
        if (request is null) return HarborError.Unprocessable("project in body is required");
        if (request.ProjectName is { Length: > 255 })
            return HarborError.Unprocessable("project.project_name in body should be at most 255 chars long");

        var principal = context.Principal();
        if (!principal.IsAuthenticated) return HarborError.Unauthorized();
        if (settings.ProjectCreationRestriction == "adminonly" && !principal.IsSysAdmin)
            return HarborError.Forbidden("Only system admin can create project");
        if (principal.Robot is { IsSystemLevel: false })
            return HarborError.Forbidden("Only system level robot can create project");
        if (request.RegistryId is not null && !principal.IsSysAdmin)
            return HarborError.Forbidden("Only system admin can create proxy cache project");

        // Non-admins always get the system default; so does an admin who sends nothing or 0
        // (docs/harbor.md#creating-projects).
        var storageLimit = !principal.IsSysAdmin || request.StorageLimit is null or 0 ? settings.StoragePerProject : request.StorageLimit.Value;
        if (storageLimit is 0 or < -1 or > MaxStorageLimit) return HarborError.BadRequest("invalid value for resource storage");

        var metadata = request.Metadata?.ToDictionary() ?? new Dictionary<string, string>(StringComparer.Ordinal);
        // The deprecated `public` is used only when metadata.public is absent.
        if (request.Public is { } isPublic && !metadata.ContainsKey("public")) metadata["public"] = isPublic ? "true" : "false";
        if (metadata.TryGetValue("public", out var publicValue) && publicValue is not ("true" or "false"))
            return HarborError.BadRequest($"metadata.public should only be 'true' or 'false', but got: '{publicValue}'");
        if (metadata.TryGetValue("retention_id", out var retention) && retention.Length > 0)
            return HarborError.BadRequest("retention_id should not be set when creating a project");
        metadata.Remove("retention_id");

        var name = request.ProjectName ?? "";
        if (name.Length is < 1 or > 255)
            return HarborError.BadRequest($"Project name {name} is illegal in length. (greater than 255 or less than 1)");
        if (!NameRule.IsMatch(name)) return HarborError.BadRequest("project name is not in lower case or contains illegal characters");

        // A robot's project is owned by the first system admin (docs/harbor.md#creating-projects).
        var owner = principal.User ?? store.Admin;
        var project = store.CreateProject(name, owner, metadata, storageLimit, request.RegistryId);
        if (project is null) return HarborError.Conflict($"The project named {name} already exists");

        var byName = bool.TryParse(context.Request.Headers["X-Resource-Name-In-Location"], out var flag) && flag;
        context.Response.Headers.Location = $"/api/v2.0/projects/{(byName ? project.Name : project.Id)}";
        return Results.StatusCode(201);
    }
}
