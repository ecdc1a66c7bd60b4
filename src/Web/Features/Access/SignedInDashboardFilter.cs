using Hangfire.Dashboard;

namespace Web.Features.Access;

/// <summary>Lets signed-in people into <c>/hangfire</c>. Hangfire's default allows any local request, which behind a
/// reverse proxy on the same host would be everyone.</summary>
public sealed class SignedInDashboardFilter : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) => context.GetHttpContext().User.Identity?.IsAuthenticated == true;
}
