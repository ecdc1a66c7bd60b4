using System.Text.Json;

namespace Web.Features.Migrations;

/// <summary>
/// The body of <c>PATCH /api/migrations/{id}</c>: <c>{"maxBytesPerSecond": 20971520}</c>, or <c>null</c> for no cap.
/// Read by hand rather than bound to a <c>long?</c>, so that a missing field, a fraction or a word gets a message that
/// says what to send instead of a serializer's. A size in text (<c>"20MiB"</c>) is read as the wizard reads it.
/// </summary>
public static class BandwidthCapPatch
{
    private const string Field = "maxBytesPerSecond";

    public static long? Read(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object || !TryGetField(body, out var value))
            throw new ArgumentException($"send {{\"{Field}\": n}} with n in bytes a second, or null for no cap");
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.Number when value.TryGetInt64(out var bytes):
                if (BandwidthText.Check(bytes) is { } problem) throw new ArgumentException($"{Field}: {problem}");
                return bytes;
            case JsonValueKind.String when !string.IsNullOrWhiteSpace(value.GetString()):
                if (!BandwidthText.TryParse(value.GetString(), out var cap, out var error)) throw new ArgumentException($"{Field}: {error}");
                return cap;
            default:
                throw new ArgumentException($"{Field}: {value.GetRawText()} is not a bandwidth cap; give a whole number of bytes a second, or null for no cap");
        }
    }

    // Case-insensitive, as the API's other bodies are bound.
    private static bool TryGetField(JsonElement body, out JsonElement value)
    {
        foreach (var property in body.EnumerateObject())
        {
            if (!string.Equals(property.Name, Field, StringComparison.OrdinalIgnoreCase)) continue;
            value = property.Value;
            return true;
        }
        value = default;
        return false;
    }
}
