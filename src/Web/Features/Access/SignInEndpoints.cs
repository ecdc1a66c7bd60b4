using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace Web.Features.Access;

/// <summary>
/// <c>/login</c>, <c>/setup</c> (first run) and <c>/logout</c>, which ends every session of the admin, in every
/// browser (<see cref="SecurityStamp"/>). Form posts are checked for their antiforgery token by
/// the minimal-API form binding, and failed sign-ins are throttled per client address.
/// </summary>
public static class SignInEndpoints
{
    public static void MapSignIn(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/login", async (HttpContext http, string? returnUrl, AdminAccountService admin, IAntiforgery antiforgery) =>
        {
            if (http.User.Identity?.IsAuthenticated == true) return Results.LocalRedirect(SafeReturnUrl(returnUrl));
            return await admin.IsSetUpAsync()
                ? Html(SignInPageHtml.SignIn(Field(http, antiforgery), SafeReturnUrl(returnUrl), null))
                : Html(SignInPageHtml.SetUp(Field(http, antiforgery), null));
        }).AllowAnonymous();

        endpoints.MapPost("/login", async (HttpContext http, [FromForm] string? userName, [FromForm] string? password, [FromForm] string? returnUrl,
            AdminAccountService admin, SignInThrottle throttle, IAntiforgery antiforgery, ILogger<AdminAccountService> logger) =>
        {
            var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            if (throttle.RetryAfter(address) is { } wait)
            {
                http.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString();
                return Html(SignInPageHtml.SignIn(Field(http, antiforgery), SafeReturnUrl(returnUrl),
                    $"Too many failed sign-ins from this address. Try again in {Math.Ceiling(wait.TotalMinutes)} minute(s)."), StatusCodes.Status429TooManyRequests);
            }
            var user = string.IsNullOrWhiteSpace(userName) ? AdminAccountService.UserName : userName.Trim();
            if (string.IsNullOrEmpty(password) || !await admin.VerifyAsync(user, password))
            {
                throttle.RecordFailure(address);
                logger.LogWarning("failed sign-in for {User} from {Address}", user, address);
                return Html(SignInPageHtml.SignIn(Field(http, antiforgery), SafeReturnUrl(returnUrl), "Wrong user name or password."),
                    StatusCodes.Status401Unauthorized);
            }
            throttle.RecordSuccess(address);
            await SignInAsync(http, admin, user);
            return Results.LocalRedirect(SafeReturnUrl(returnUrl));
        }).AllowAnonymous();

        endpoints.MapPost("/setup", async (HttpContext http, [FromForm] string? password, [FromForm] string? confirm, AdminAccountService admin,
            IAntiforgery antiforgery) =>
        {
            string? error = password is null || password.Length < AdminAccountService.MinimumPasswordLength
                ? $"Use at least {AdminAccountService.MinimumPasswordLength} characters."
                : password != confirm ? "The two passwords differ." : null;
            if (error is not null) return Html(SignInPageHtml.SetUp(Field(http, antiforgery), error), StatusCodes.Status400BadRequest);
            if (!await admin.SetUpAsync(password!)) return Results.LocalRedirect("/login");
            await SignInAsync(http, admin, AdminAccountService.UserName);
            return Results.LocalRedirect("/");
        }).AllowAnonymous();

        endpoints.MapGet("/logout", (HttpContext http, IAntiforgery antiforgery) => Html(SignInPageHtml.SignOut(Field(http, antiforgery)))).AllowAnonymous();

        endpoints.MapPost("/logout", async (HttpContext http, IAntiforgery antiforgery, AdminAccountService admin) =>
        {
            // No form fields to bind, so the automatic check does not run: check the token here.
            if (!await antiforgery.IsRequestValidAsync(http)) return Results.BadRequest();
            // Only a live session may end the others: the form is open to anyone, and a stranger posting it must not
            // be able to sign the admin out everywhere.
            if (http.User.Identity is { IsAuthenticated: true, Name: { } user }) await admin.EndSessionsAsync(user);
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/login");
        }).AllowAnonymous();
    }

    // The stamp goes into the cookie, which Data Protection encrypts: the browser holds it but cannot read or change it.
    private static async Task SignInAsync(HttpContext http, AdminAccountService admin, string user)
    {
        var stamp = await admin.CurrentStampAsync(user) ?? throw new InvalidOperationException($"no account {user} to sign in");
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(ClaimTypes.Name, user), new Claim(ClaimTypes.Role, "admin"), new Claim(SecurityStamp.ClaimType, stamp)],
                CookieAuthenticationDefaults.AuthenticationScheme)));
    }

    // Only paths on this site: an open redirect after sign-in is a phishing tool.
    private static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url[0] == '/' && !url.StartsWith("//") && !url.StartsWith("/\\") ? url : "/";

    private static string Field(HttpContext http, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        return SignInPageHtml.HiddenField(tokens.FormFieldName, tokens.RequestToken!);
    }

    private static IResult Html(string html, int status = StatusCodes.Status200OK) =>
        Results.Content(html, "text/html; charset=utf-8", statusCode: status);
}
