using System.Globalization;

namespace Web.Features.Shared;

/// <summary>Numbers for <c>data-value</c> attributes, beside the text people read: plain and culture-free, so scripts
/// and tests read "379515011" where the page says "361.9 MiB".</summary>
public static class DataValue
{
    public static string Of(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Rounded to a tenth; null (no attribute) for no value.</summary>
    public static string? Of(double? value) => value is { } v ? Math.Round(v, 1).ToString(CultureInfo.InvariantCulture) : null;
}
