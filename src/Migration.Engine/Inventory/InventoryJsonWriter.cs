using System.Buffers;
using System.Text.Json;

namespace Migration.Engine.Inventory;

/// <summary>
/// Writes the inventory's JSON form (docs/json.md) one repository at a time, so neither a scan nor an export ever
/// holds the whole document. The totals come last: they are known only when every repository has been read.
/// </summary>
public sealed class InventoryJsonWriter : IAsyncDisposable
{
    private const int FlushAt = 64 * 1024;
    // The JSON goes to a buffer and the buffer to the stream asynchronously: the serializer flushes its writer
    // synchronously, which a web response refuses.
    private readonly ArrayBufferWriter<byte> _buffer = new(FlushAt * 2);
    private readonly Utf8JsonWriter _json;
    private readonly Stream _stream;

    public InventoryJsonWriter(Stream stream, string source, DateTimeOffset scannedAt, bool deep, bool untaggedListed)
    {
        _stream = stream;
        _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Indented = true, Encoder = EngineJson.Options.Encoder });
        _json.WriteStartObject();
        _json.WriteNumber("schemaVersion", 1);
        _json.WriteString("source", source);
        _json.WriteString("scannedAt", scannedAt);
        _json.WriteBoolean("deep", deep);
        _json.WriteBoolean("untaggedListed", untaggedListed);
        _json.WriteStartArray("repositories");
    }

    public ValueTask WriteAsync(InventoryRepository repository, CancellationToken cancellationToken = default)
    {
        JsonSerializer.Serialize(_json, repository, EngineJson.Options);
        return SendAsync(FlushAt, cancellationToken);
    }

    public async Task FinishAsync(IAsyncEnumerable<InventoryBlob> blobs, IEnumerable<InventoryProblem> problems, InventoryTotals totals,
        CancellationToken cancellationToken = default)
    {
        _json.WriteEndArray();
        _json.WriteStartArray("blobs");
        await foreach (var blob in blobs.WithCancellation(cancellationToken))
        {
            JsonSerializer.Serialize(_json, blob, EngineJson.Options);
            await SendAsync(FlushAt, cancellationToken);
        }
        _json.WriteEndArray();
        _json.WritePropertyName("problems");
        JsonSerializer.Serialize(_json, problems, EngineJson.Options);
        _json.WritePropertyName("totals");
        JsonSerializer.Serialize(_json, totals, EngineJson.Options);
        _json.WriteEndObject();
        _json.Flush();
        _buffer.Write("\n"u8);
        await SendAsync(0, cancellationToken);
        await _stream.FlushAsync(cancellationToken);
    }

    private async ValueTask SendAsync(int atLeast, CancellationToken cancellationToken)
    {
        _json.Flush();
        if (_buffer.WrittenCount < atLeast || _buffer.WrittenCount == 0) return;
        await _stream.WriteAsync(_buffer.WrittenMemory, cancellationToken);
        _buffer.ResetWrittenCount();
    }

    public Task FinishAsync(InventorySummary summary, CancellationToken cancellationToken = default) =>
        FinishAsync(summary.Blobs.Sorted().ToAsyncEnumerable(), summary.Problems, summary.Totals, cancellationToken);

    public ValueTask DisposeAsync() => _json.DisposeAsync();
}
