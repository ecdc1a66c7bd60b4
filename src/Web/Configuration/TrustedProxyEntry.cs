using System.Net;
using System.Net.Sockets;

namespace Web.Configuration;

/// <summary>One entry of <c>Dashboard:TrustedProxies</c>: an address (<c>10.0.0.7</c>, <c>fd00::7</c>) or a CIDR
/// network (<c>10.0.0.0/8</c>).</summary>
public static class TrustedProxyEntry
{
    public static bool TryParse(string entry, out IPNetwork network)
    {
        network = default;
        if (entry.Contains('/'))
            // 10.0.0.7/8 is a typo for one of two things (10.0.0.7, or 10.0.0.0/8); trusting the wider is not for us to guess.
            return IPNetwork.TryParse(entry, out network) && IPAddress.TryParse(entry[..entry.IndexOf('/')], out var start) && network.BaseAddress.Equals(start);
        // IPAddress.TryParse also takes the old short forms ("10.1" is 10.0.0.1, "7" is 0.0.0.7): in a list of proxies
        // those are typos, so an IPv4 address must be written out in full.
        if (!IPAddress.TryParse(entry, out var address)) return false;
        if (address.AddressFamily == AddressFamily.InterNetwork && entry.Count(c => c == '.') != 3) return false;
        network = new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
        return true;
    }
}
