namespace HarborDouble.Api;

/// <summary>`/api/version`, `ping`, `health` and `systeminfo` (docs/harbor.md#request-ids,
/// docs/harbor.md#ping-and-system-info).</summary>
internal sealed class SystemEndpoints(HarborSettings settings, TimeProvider time)
{
    /// <summary>Release plus a build suffix, as Harbor writes `v2.15.2-080b0220`.</summary>
    public const string HarborVersion = "v2.15.2-double";

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/version", () => HarborJson.Ok(new { version = "v2.0" }));
        // Plain text, not JSON, and no auth (docs/harbor.md#ping-and-system-info).
        app.MapGet("/api/v2.0/ping", () => Results.Text("Pong", "text/plain; charset=utf-8"));
        app.MapGet("/api/v2.0/health", () => HarborJson.Ok(new
        {
            status = "healthy",
            components = new[] { "core", "database", "redis", "registry", "registryctl" }.Select(name => new { name, status = "healthy" }),
        }));
        app.MapGet("/api/v2.0/systeminfo", SystemInfo);
    }

    /// <summary>Anonymous callers get the auth fields only; the rest, `harbor_version` first of all, only with a
    /// principal, so its presence says "authenticated" (docs/harbor.md#ping-and-system-info).</summary>
    private IResult SystemInfo(HttpContext context)
    {
        var info = new GeneralInfoJson("db_auth", false, false, "", "");
        if (!context.Principal().IsAuthenticated) return HarborJson.Ok(info);
        var external = settings.ExternalUrl;
        return HarborJson.Ok(info with
        {
            HarborVersion = HarborVersion,
            ExternalUrl = external.GetLeftPart(UriPartial.Authority),
            RegistryUrl = external.Authority,
            ReadOnly = settings.ReadOnly,
            ProjectCreationRestriction = settings.ProjectCreationRestriction,
            HasCaRoot = false,
            RegistryStorageProviderName = "filesystem",
            NotificationEnable = true,
            CurrentTime = HarborJson.Time(time.GetUtcNow()),
        });
    }
}
