using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Web.Features.Access;

namespace Web.Tests.Access;

/// <summary>Sign-out and password changes end sessions that are already open: cookies (every request is checked) and
/// open pages (their circuit's state is checked every <c>Dashboard:SessionCheckSeconds</c>, 1 s here).</summary>
public sealed class SessionEndTests(SessionEndTests.Factory factory) : IClassFixture<SessionEndTests.Factory>
{
    public sealed class Factory : DashboardFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Dashboard:SessionCheckSeconds", "1");
        }
    }

    private AdminAccountService Admin => factory.Services.GetRequiredService<AdminAccountService>();
    private SessionCheck Check => factory.Services.GetRequiredService<SessionCheck>();

    [Fact]
    public async Task SignOut_InOneBrowser_EndsTheSessionInEveryOther()
    {
        using var leaving = await factory.CreateSignedInClientAsync();
        using var other = await factory.CreateSignedInClientAsync();
        Assert.Equal("/jobs", await LandingPathAsync(other, "/jobs"));

        await SignOutAsync(leaving);

        Assert.Equal("/login", await LandingPathAsync(other, "/jobs"));
        Assert.Equal("/login", await LandingPathAsync(leaving, "/jobs"));
    }

    [Fact]
    public async Task SignOut_PostedWithoutASession_EndsNobodysSession()
    {
        using var signedIn = await factory.CreateSignedInClientAsync();
        using var stranger = factory.CreateClient();

        await SignOutAsync(stranger);

        Assert.Equal("/jobs", await LandingPathAsync(signedIn, "/jobs"));
    }

    [Fact]
    public async Task PasswordChange_EndsOpenSessions_AndTheNewPasswordSignsIn()
    {
        const string replacement = "replacement-Pw-42";
        using var before = await factory.CreateSignedInClientAsync();
        try
        {
            Assert.True(await Admin.ChangePasswordAsync(DashboardFactory.AdminPassword, replacement));

            Assert.Equal("/login", await LandingPathAsync(before, "/jobs"));
            using var after = await factory.CreateSignedInClientAsync(replacement);
            Assert.Equal("/jobs", await LandingPathAsync(after, "/jobs"));
        }
        finally { await Admin.ChangePasswordAsync(replacement, DashboardFactory.AdminPassword); }
    }

    [Fact]
    public async Task OpenPage_AfterSignOutElsewhere_TurnsAnonymousWithinTheInterval()
    {
        using var client = factory.CreateClient(); // starts the app
        using var scope = factory.Services.CreateScope();
        var provider = (RevalidatingServerAuthenticationStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        provider.SetAuthenticationState(Task.FromResult(new AuthenticationState(await AdminCookieUserAsync())));
        // Listening from here: setting the state above raised the event once already.
        var changed = new TaskCompletionSource<AuthenticationState>(TaskCreationOptions.RunContinuationsAsynchronously);
        provider.AuthenticationStateChanged += async state => changed.TrySetResult(await state);

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.False(changed.Task.IsCompleted); // a session that still stands is left alone
        await Admin.EndSessionsAsync(AdminAccountService.UserName);

        var state = await changed.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(state.User.Identity?.IsAuthenticated);
    }

    [Fact]
    public async Task Check_RefusesACookieWithoutAStamp_AndARevokedToken()
    {
        using var client = factory.CreateClient();
        var tokens = factory.Services.GetRequiredService<ApiTokenService>();
        var (token, _) = await tokens.CreateAsync("session test");
        var tokenUser = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "api:session test"), new Claim(ApiTokenAuthenticationHandler.TokenIdClaim, token.Id.ToString())],
            ApiTokenAuthenticationHandler.SchemeName));
        var stamplessCookieUser = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, AdminAccountService.UserName)], CookieAuthenticationDefaults.AuthenticationScheme));

        Assert.True(await Check.IsCurrentAsync(await AdminCookieUserAsync(), default));
        Assert.True(await Check.IsCurrentAsync(tokenUser, default));
        Assert.True(await Check.IsCurrentAsync(new ClaimsPrincipal(new ClaimsIdentity()), default));
        Assert.False(await Check.IsCurrentAsync(stamplessCookieUser, default));
        await tokens.RevokeAsync(token.Id);
        Assert.False(await Check.IsCurrentAsync(tokenUser, default));
    }

    private async Task<ClaimsPrincipal> AdminCookieUserAsync() => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, AdminAccountService.UserName),
            new Claim(SecurityStamp.ClaimType, (await Admin.CurrentStampAsync(AdminAccountService.UserName))!),
        ],
        CookieAuthenticationDefaults.AuthenticationScheme));

    private static async Task<string> LandingPathAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return response.RequestMessage!.RequestUri!.AbsolutePath;
    }

    private static async Task SignOutAsync(HttpClient client)
    {
        var form = await client.GetStringAsync("/logout");
        using var response = await client.PostAsync("/logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = DashboardFactory.AntiforgeryToken(form),
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // the sign-in page, after the redirect
    }
}
