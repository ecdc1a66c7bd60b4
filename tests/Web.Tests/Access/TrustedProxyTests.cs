using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Web.Features.Access;

namespace Web.Tests.Access;

/// <summary>
/// The sign-in throttle behind a reverse proxy: <c>X-Forwarded-For</c> is believed from the proxies of
/// <c>Dashboard:TrustedProxies</c> only. The test server has no sockets, so each request says which address it comes
/// from (<see cref="PeerHeader"/>), set before the app's pipeline as the connection would.
/// </summary>
public sealed class TrustedProxyTests(TrustedProxyTests.Factory factory) : IClassFixture<TrustedProxyTests.Factory>
{
    private const string PeerHeader = "X-Test-Peer";
    private const string Proxy = "10.0.0.7";

    public sealed class Factory : DashboardFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Dashboard:TrustedProxies", $"{Proxy}, 192.168.0.0/16");
            builder.ConfigureServices(services => services.AddTransient<IStartupFilter, PeerFromHeader>());
        }
    }

    private sealed class PeerFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[PeerHeader], out var peer)) context.Connection.RemoteIpAddress = peer;
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    [Fact]
    public async Task SpoofedForwardedFor_FromAnUntrustedAddress_DoesNotEscapeTheThrottle()
    {
        using var client = factory.CreateClient();
        for (var i = 0; i < SignInThrottle.MaxFailures; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, await SignInStatusAsync(client, "203.0.113.9", $"198.51.100.{i}", $"guess-{i}"));

        // A new made-up client address on each try changes nothing: the throttle still sees 203.0.113.9.
        Assert.Equal(HttpStatusCode.TooManyRequests, await SignInStatusAsync(client, "203.0.113.9", "198.51.100.99", DashboardFactory.AdminPassword));
    }

    [Theory]
    [InlineData(Proxy)]
    [InlineData("192.168.4.20")] // in a trusted network
    public async Task ForwardedFor_FromATrustedProxy_IsTheAddressThrottled(string proxy)
    {
        using var client = factory.CreateClient();
        var guesser = $"198.51.{proxy.Length}.1";
        for (var i = 0; i < SignInThrottle.MaxFailures; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, await SignInStatusAsync(client, proxy, guesser, $"guess-{i}"));

        Assert.Equal(HttpStatusCode.TooManyRequests, await SignInStatusAsync(client, proxy, guesser, DashboardFactory.AdminPassword));
        // Another client behind the same proxy is not held back by the guesser.
        Assert.Equal(HttpStatusCode.OK, await SignInStatusAsync(client, proxy, $"198.51.{proxy.Length}.2", DashboardFactory.AdminPassword));
    }

    private static async Task<HttpStatusCode> SignInStatusAsync(HttpClient client, string peer, string forwardedFor, string password)
    {
        client.DefaultRequestHeaders.Remove(PeerHeader);
        client.DefaultRequestHeaders.Remove("X-Forwarded-For");
        client.DefaultRequestHeaders.Add(PeerHeader, peer);
        client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        using var response = await DashboardFactory.PostSignInAsync(client, password);
        return response.StatusCode;
    }
}
