using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HarborDouble.Api;

/// <summary>JSON as Harbor's go-swagger models write it: snake_case, and empty optional fields left out
/// (`omitempty`), which the models express as null.</summary>
internal static class HarborJson
{
    /// <summary>Go's zero time, which Harbor sends for never-pulled artifacts.</summary>
    public const string ZeroTime = "0001-01-01T00:00:00.000Z";

    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // encoding/json matches field names case-insensitively when reading.
        PropertyNameCaseInsensitive = true,
    };

    /// <summary>go-swagger's strfmt.DateTime: RFC 3339 with milliseconds, UTC.</summary>
    public static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static IResult Ok<T>(T value) => Results.Json(value, Options, "application/json", 200);
}
