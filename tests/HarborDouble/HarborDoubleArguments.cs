using System.Globalization;

namespace HarborDouble;

/// <summary>The program's command line.</summary>
internal static class HarborDoubleArguments
{
    public const string Usage = """
        usage: HarborDouble [--port N] [--registry-bin PATH] [--token-lifetime SECONDS] [--token-leeway SECONDS]
                            [--admin-password P] [--failed-login-delay MS] [--read-only] [--verbose]
        """;

    public static HarborDoubleOptions Parse(IReadOnlyList<string> args)
    {
        var options = new HarborDoubleOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Number() => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
                : throw new ArgumentException($"{args[i - 1]} needs a non-negative integer");
            options = args[i] switch
            {
                "--port" => options with { Port = Number() },
                "--registry-bin" => options with { RegistryBinary = Value() },
                "--token-lifetime" => options with { TokenLifetime = TimeSpan.FromSeconds(Number()) },
                "--token-leeway" => options with { TokenLeeway = TimeSpan.FromSeconds(Number()) },
                "--admin-password" => options with { AdminPassword = Value() },
                "--failed-login-delay" => options with { FailedLoginDelay = TimeSpan.FromMilliseconds(Number()) },
                "--read-only" => options with { ReadOnly = true },
                "--verbose" => options with { LogRequests = true },
                _ => throw new ArgumentException($"unknown argument {args[i]}"),
            };
        }
        return options;
    }
}
