using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Web.Configuration;

namespace Web.Tests.Access;

/// <summary>The access settings, checked at start with the others.</summary>
public sealed class AccessSettingsTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("3601")]
    [InlineData("30s")]
    public void SessionCheckSeconds_OutOfRangeOrNotANumber_IsListed(string value) =>
        Assert.Contains($"Dashboard:SessionCheckSeconds (env Dashboard__SessionCheckSeconds) is '{value}'; use a whole number of seconds from 1 to 3600",
            Assert.Throws<OptionsValidationException>(() => SettingsAtStart.Check(("Dashboard:SessionCheckSeconds", value))).Message);

    [Fact]
    public void SessionCheckSeconds_InRange_ValidatesCleanly() => SettingsAtStart.Check(("Dashboard:SessionCheckSeconds", "1"));

    [Fact]
    public void ForwardedHeadersEnabled_WithoutTrustedProxies_StopsTheStart() =>
        Assert.Contains("ASPNETCORE_FORWARDEDHEADERS_ENABLED=true believes X-Forwarded-For from any address, so anyone could pose as any client; " +
            "set Dashboard:TrustedProxies (env Dashboard__TrustedProxies) to the reverse proxies' addresses instead, and remove it",
            Assert.Throws<OptionsValidationException>(() => SettingsAtStart.Check(("FORWARDEDHEADERS_ENABLED", "true"))).Message);

    [Fact]
    public void ForwardedHeadersEnabled_BesideTrustedProxies_ValidatesCleanly() =>
        SettingsAtStart.Check(("FORWARDEDHEADERS_ENABLED", "true"), ("Dashboard:TrustedProxies", "10.0.0.7"));

    [Fact]
    public void TrustedProxies_ThatAreNotAddressesOrNetworks_AreListedTogether() =>
        Assert.Equal("Dashboard:TrustedProxies (env Dashboard__TrustedProxies) has 'proxy.internal', '10.1', '10.0.0.7/8'; give the proxies' " +
            "IP addresses or CIDR networks (10.0.0.7, 10.0.0.0/8), comma-separated",
            Assert.Throws<OptionsValidationException>(() => SettingsAtStart.Check(
                ("Dashboard:TrustedProxies", "10.0.0.7, proxy.internal, 10.1, 10.0.0.7/8, fd00::/8"))).Failures.Single());

    [Fact]
    public void TrustedProxies_CommaSeparatedAndAsAnArray_AreReadTogether()
    {
        var settings = DashboardSettings.From(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Dashboard:TrustedProxies:0"] = "10.0.0.7", ["Dashboard:TrustedProxies:1"] = "fd00::/8, 192.168.1.1",
        }).Build());

        Assert.Equal([new IPNetwork(IPAddress.Parse("10.0.0.7"), 32), IPNetwork.Parse("fd00::/8"), new IPNetwork(IPAddress.Parse("192.168.1.1"), 32)],
            settings.TrustedProxyNetworks!);
        Assert.Empty(DashboardSettings.From(new ConfigurationBuilder().Build()).TrustedProxyNetworks!);
    }
}
