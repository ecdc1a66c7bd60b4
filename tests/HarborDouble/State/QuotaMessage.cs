using System.Globalization;

namespace HarborDouble.State;

/// <summary>The text of Harbor's quota rejection (`src/pkg/quota/errors.go`, docs/harbor.md#storage-quota).</summary>
internal static class QuotaMessage
{
    public static string Overflow(long delta, long currentUsed, long hardLimit)
    {
        // A zero-byte reservation on an over-full project reads "subtracting 0 B" (docs/harbor.md#storage-quota).
        var op = delta > 0 ? "adding" : "subtracting";
        return $"{op} {Format(Math.Abs(delta))} of storage resource, which when updated to current usage of " +
               $"{Format(currentUsed)} will exceed the configured upper limit of {Format(hardLimit)}.";
    }

    /// <summary>`N B` below 1 KiB, else one decimal with KiB … EiB.</summary>
    public static string Format(long bytes)
    {
        if (bytes < 1024) return $"{bytes} B";
        var div = 1024L;
        var exp = 0;
        for (var n = bytes / 1024; n >= 1024; n /= 1024)
        {
            div *= 1024;
            exp++;
        }
        return ((double)bytes / div).ToString("0.0", CultureInfo.InvariantCulture) + $" {"KMGTPE"[exp]}iB";
    }
}
