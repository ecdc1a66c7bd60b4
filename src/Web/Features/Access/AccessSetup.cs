using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Web.Features.ShareLinks;

namespace Web.Features.Access;

/// <summary>Sign-in (cookie, whose session a sign-out or password change ends, see <see cref="SessionCheck"/>), API
/// tokens (bearer) and the policies that tie them to endpoints.</summary>
public static class AccessSetup
{
    public static void AddDashboardAccess(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<AdminAccountService>();
        builder.Services.AddSingleton<ApiTokenService>();
        builder.Services.AddSingleton<SessionCheck>();
        builder.Services.AddSingleton<HubSessions>();
        builder.Services.AddHostedService(services => services.GetRequiredService<HubSessions>());
        builder.Services.AddSingleton<SignInThrottle>();
        builder.AddTrustedProxies();
        builder.Services.AddSingleton<ShareLinkService>();
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.LoginPath = "/login";
                o.LogoutPath = "/logout";
                o.Cookie.Name = "dashboard.auth";
                o.Cookie.HttpOnly = true;
                // Lax, not Strict: a link to a job page from chat should open it signed in. Writes are covered by
                // antiforgery tokens (forms) and bearer-only API endpoints.
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.ExpireTimeSpan = TimeSpan.FromHours(12);
                o.SlidingExpiration = true;
                o.Events.OnRedirectToLogin = context =>
                {
                    // Machines (SignalR clients, scripts) get a status, people get the sign-in page.
                    if (context.Request.Path.StartsWithSegments("/hubs") || context.Request.Path.StartsWithSegments("/api"))
                        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    else
                        context.Response.Redirect(context.RedirectUri);
                    return Task.CompletedTask;
                };
                o.Events.OnValidatePrincipal = RejectEndedSessionAsync;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null)
            .AddPolicyScheme(AccessPolicies.CookieOrToken, null, o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? ApiTokenAuthenticationHandler.SchemeName
                    : CookieAuthenticationDefaults.AuthenticationScheme);
        builder.Services.AddAuthorizationBuilder()
            .SetDefaultPolicy(new AuthorizationPolicyBuilder(CookieAuthenticationDefaults.AuthenticationScheme).RequireAuthenticatedUser().Build())
            .AddPolicy(AccessPolicies.Api, p => p.AddAuthenticationSchemes(ApiTokenAuthenticationHandler.SchemeName).RequireAuthenticatedUser())
            .AddPolicy(AccessPolicies.Watch, p => p.AddAuthenticationSchemes(AccessPolicies.CookieOrToken).RequireAuthenticatedUser());
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddScoped<AuthenticationStateProvider, SessionRevalidatingStateProvider>();
    }

    /// <summary>A cookie from a session that has ended (sign-out, password change) no longer opens anything, and is
    /// deleted so the browser stops sending it.</summary>
    private static async Task RejectEndedSessionAsync(CookieValidatePrincipalContext context)
    {
        var check = context.HttpContext.RequestServices.GetRequiredService<SessionCheck>();
        if (context.Principal is { } user && await check.IsCurrentAsync(user, context.HttpContext.RequestAborted)) return;
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    /// <summary>Stores the admin password and API token given in the environment, before the app serves anything.</summary>
    public static async Task SeedAccessAsync(this WebApplication app)
    {
        await app.Services.GetRequiredService<AdminAccountService>().SeedFromEnvironmentAsync();
        await app.Services.GetRequiredService<ApiTokenService>().SeedFromEnvironmentAsync();
    }
}
