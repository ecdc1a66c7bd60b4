using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using Web.Configuration;

namespace Web.Features.Access;

/// <summary>
/// Behind a reverse proxy the client's address (the key of <see cref="SignInThrottle"/>) and scheme come from
/// <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c>, believed only when the proxies of <c>Dashboard:TrustedProxies</c>
/// send them. From anyone else the headers are left as they came: a client cannot pick the address it is throttled as.
/// </summary>
public static class TrustedProxies
{
    public static void AddTrustedProxies(this IHostApplicationBuilder builder) =>
        // PostConfigure, to come after the host's own setup: ASPNETCORE_FORWARDEDHEADERS_ENABLED=true (allowed only
        // beside a list, see DashboardSettingsValidator) empties the lists there to believe anyone, and its middleware
        // reads these same options.
        builder.Services.AddOptions<ForwardedHeadersOptions>().PostConfigure<IOptions<DashboardSettings>>((options, settings) =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear(); // the defaults trust loopback, which a proxy on the same host would make everyone
            foreach (var network in settings.Value.TrustedProxyNetworks ?? []) options.KnownIPNetworks.Add(network);
            // No limit on hops: entries are taken from the right only while the address that added them is trusted, so a
            // chain of listed proxies works and the first address that is not one ends the walk.
            options.ForwardLimit = null;
        });

    /// <summary>First in the pipeline, so everything after sees the client's address.</summary>
    public static void UseTrustedProxies(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<DashboardSettings>>().Value.TrustedProxyNetworks is [_, ..]) app.UseForwardedHeaders();
    }
}
