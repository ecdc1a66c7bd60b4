using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Migration.Engine;

/// <summary>The one JSON shape for inventories and reports (camelCase, enums as words), shared by the CLI and the dashboard.</summary>
public static class EngineJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static void WriteFile<T>(string path, T value)
    {
        using var stream = File.Create(path);
        JsonSerializer.Serialize(stream, value, Options);
    }

    public static T ReadFile<T>(string path)
    {
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<T>(stream, Options) ?? throw new JsonException($"{path} holds no document");
    }

    /// <summary>Writes straight to <paramref name="stream"/> as UTF-8, never building the document as a string: a
    /// 100,000-tag inventory is about 75 MB of JSON, twice that as a .NET string.</summary>
    public static void Write<T>(Stream stream, T value)
    {
        JsonSerializer.Serialize(stream, value, Options);
        stream.Write("\n"u8);
        stream.Flush();
    }
}
