using Migration.Engine;

namespace Web.Features.Migrations;

/// <summary>A bandwidth cap as people write it ("50MiB", "100 MB", "20m": <see cref="ByteSize"/>'s units, a second) and
/// read it ("12.3 MiB/s"), for the wizard, the job page and the API alike.</summary>
public static class BandwidthText
{
    /// <summary>Below this every transfer would stall between reads (a read is at least 16 KiB), so a smaller figure is
    /// taken for a unit left out ("20" is 20 bytes a second).</summary>
    public const long SmallestCap = 1024;

    public const string Examples = "50MiB, 100 MB or 20m";

    public static string Format(double bytesPerSecond) => $"{ByteSize.Format((long)Math.Round(bytesPerSecond))}/s";

    /// <summary>Empty text is no cap (null). Anything else must be a size of at least <see cref="SmallestCap"/>; when
    /// it is not, <paramref name="error"/> says why.</summary>
    public static bool TryParse(string? text, out long? cap, out string? error)
    {
        (cap, error) = (null, null);
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (!ByteSize.TryParse(text, out var bytes))
        {
            error = $"'{text.Trim()}' is not a bandwidth cap; write a size a second such as {Examples}, or leave it empty for none";
            return false;
        }
        if (Check(bytes) is { } problem)
        {
            error = problem;
            return false;
        }
        cap = bytes;
        return true;
    }

    /// <summary>Why <paramref name="bytesPerSecond"/> cannot be a cap, or null when it can.</summary>
    public static string? Check(long bytesPerSecond) => bytesPerSecond switch
    {
        <= 0 => $"a bandwidth cap must be more than 0 bytes a second (got {bytesPerSecond}); use null, or leave it empty, for no cap",
        < SmallestCap => $"a bandwidth cap of {bytesPerSecond} bytes a second would stall every transfer; the smallest is 1 KiB/s (write a unit: {Examples})",
        _ => null,
    };
}
