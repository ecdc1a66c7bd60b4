using System.Text.Json;
using System.Text.Json.Serialization;

namespace Migration.Engine.Oci;

/// <summary>A digest in JSON is its usual text, <c>sha256:…</c>; reports and inventories keep their shape.</summary>
public sealed class DigestJsonConverter : JsonConverter<Digest>
{
    public override Digest Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Digest.TryParse(reader.GetString(), out var digest) ? digest : throw new JsonException($"'{reader.GetString()}' is not a sha256 digest");

    public override void Write(Utf8JsonWriter writer, Digest value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}
