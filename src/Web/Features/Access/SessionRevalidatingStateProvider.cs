using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;
using Web.Configuration;

namespace Web.Features.Access;

/// <summary>
/// The signed-in state of an open page (a Blazor circuit), checked again every <c>Dashboard:SessionCheckSeconds</c>.
/// A circuit reads the cookie once, when it opens, and would otherwise stay signed in after a sign-out elsewhere or a
/// password change until the page is reloaded. When the check fails the state becomes anonymous, the router's
/// <c>NotAuthorized</c> content renders, and <see cref="Web.Components.RedirectToSignIn"/> takes the page to the sign-in form.
/// </summary>
public sealed class SessionRevalidatingStateProvider(ILoggerFactory loggerFactory, SessionCheck check, IOptions<DashboardSettings> settings)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => settings.Value.SessionCheckInterval ?? TimeSpan.FromSeconds(DashboardSettings.DefaultSessionCheckSeconds);

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        check.IsCurrentAsync(authenticationState.User, cancellationToken);
}
