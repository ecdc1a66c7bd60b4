using System.Globalization;
using System.Net;
using Registry.Testing;

namespace WanProxyTool;

internal sealed record ProxyOptions(IPEndPoint Upstream, double RttMs, double Mbit, int WindowKib, int Port, string? SamplesFile)
{
    public static ProxyOptions? Parse(string[] args)
    {
        IPEndPoint? upstream = null;
        double? rtt = null, mbit = null;
        int window = WanProxy.DefaultWindowBytes / 1024, port = 0;
        string? samples = null;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            var ok = args[i] switch
            {
                "--upstream" => IPEndPoint.TryParse(value, out upstream),
                "--rtt-ms" => TryDouble(value, out rtt),
                "--mbit" => TryDouble(value, out mbit),
                "--window-kib" => int.TryParse(value, out window) && window >= 0,
                "--port" => int.TryParse(value, out port),
                "--samples" => (samples = value) is not null,
                _ => false,
            };
            if (!ok) return null;
        }
        if (args.Length % 2 != 0 || upstream is null || rtt is not >= 0 || mbit is not > 0) return null;
        return new ProxyOptions(upstream, rtt.Value, mbit.Value, window, port, samples);
    }

    private static bool TryDouble(string text, out double? value)
    {
        var ok = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed);
        value = ok ? parsed : null;
        return ok;
    }
}
