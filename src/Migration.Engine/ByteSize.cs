namespace Migration.Engine;

/// <summary>Sizes as people read them (binary units), for the CLI and the dashboard alike.</summary>
public static class ByteSize
{
    public static string Format(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        var unit = 0;
        while (Math.Abs(value) >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? $"{bytes} B" : $"{value:0.0} {units[unit]}";
    }

    /// <summary>Reads "50MiB", "50 MB", "1.5GiB/s", "20m" or a plain number of bytes. SI units (kB, MB, GB) are
    /// powers of 1000, binary ones (KiB, MiB, GiB) and single letters (k, m, g) powers of 1024.</summary>
    public static bool TryParse(string? text, out long bytes)
    {
        bytes = 0;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var trimmed = text.Trim();
        if (trimmed.EndsWith("/s", StringComparison.OrdinalIgnoreCase)) trimmed = trimmed[..^2].TrimEnd();
        var split = trimmed.Length;
        while (split > 0 && char.IsLetter(trimmed[split - 1])) split--;
        if (!double.TryParse(trimmed[..split].Trim(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number)
            || number < 0) return false;
        long? unit = trimmed[split..].ToLowerInvariant() switch
        {
            "" or "b" => 1,
            "k" or "kib" => 1L << 10,
            "m" or "mib" => 1L << 20,
            "g" or "gib" => 1L << 30,
            "kb" => 1000,
            "mb" => 1000_000,
            "gb" => 1000_000_000,
            _ => null,
        };
        if (unit is null || number * unit.Value > long.MaxValue) return false;
        bytes = (long)Math.Round(number * unit.Value);
        return true;
    }
}
