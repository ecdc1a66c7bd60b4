using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Migration.Engine.Inventory;
using Migration.Engine.Oci;
using Migration.Engine.Sources;

namespace Migration.Engine.Plan;

/// <summary>
/// Turns schema1 images, which distribution 2.8+ and Harbor 2.x refuse (docs/distribution.md#schema1), into schema2
/// images the way containers/image does for <c>skopeo copy --format v2s2</c>: the config is the newest
/// <c>v1Compatibility</c> entry without its v1 ids, plus a <c>history</c> built from every entry and a
/// <c>rootfs.diff_ids</c> list computed by streaming each layer through gunzip and SHA-256 once. Entries marked
/// <c>throwaway</c> add no layer and are recorded as <c>empty_layer</c>. Layers keep their order (schema1 lists them
/// newest first, schema2 oldest first) and their bytes: nothing is recompressed. The result has a new digest; the
/// image remembers the old one in <see cref="InventoryImage.ConvertedFrom"/>.
/// </summary>
public sealed class Schema1Converter(IImageSource source)
{
    private const string LayerType = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    private static readonly string[] V1OnlyFields = ["id", "parent", "parent_id", "layer_id", "throwaway", "Size"];

    /// <summary>A schema1 image with nothing else wrong with it.</summary>
    public static bool CanConvert(InventoryImage image) =>
        image.Root is { } root && root.Kind.IsSchema1() && image.ProblemCodes.All(c => c == ProblemCodes.Schema1);

    public async Task<IReadOnlyList<MigrationItem>> ConvertAsync(IReadOnlyList<MigrationItem> items, CancellationToken cancellationToken)
    {
        // Tags of one schema1 manifest share one conversion.
        var converted = new Dictionary<(string, string), InventoryImage>();
        var result = new List<MigrationItem>(items.Count);
        foreach (var item in items)
        {
            if (item.Error is not null || !CanConvert(item.Image))
            {
                result.Add(item);
                continue;
            }
            var key = (item.SourceRepository, item.Image.Digest);
            try
            {
                if (!converted.TryGetValue(key, out var image))
                    converted[key] = image = await ConvertAsync(item.SourceRepository, item.Image, cancellationToken);
                result.Add(item with { Image = image with { Tag = item.Image.Tag, PushedAt = item.Image.PushedAt } });
            }
            catch (Exception ex) when (ex is SourceException or InvalidDataException or JsonException or FormatException or IOException)
            {
                result.Add(item with { Error = $"{item.Display} is schema1 and could not be converted to schema2: {ex.Message}" });
            }
        }
        return result;
    }

    private async Task<InventoryImage> ConvertAsync(string repository, InventoryImage image, CancellationToken cancellationToken)
    {
        var schema1 = JsonNode.Parse(image.Root!.Bytes.Span) ?? throw new FormatException("the schema1 manifest is empty");
        var fsLayers = schema1["fsLayers"]?.AsArray() ?? throw new FormatException("the schema1 manifest has no fsLayers");
        var history = schema1["history"]?.AsArray() ?? throw new FormatException("the schema1 manifest has no history");
        if (fsLayers.Count != history.Count || history.Count == 0)
            throw new FormatException($"the schema1 manifest has {fsLayers.Count} layers but {history.Count} history entries");
        var sizes = image.BlobDescriptors.ToDictionary(b => b.Digest, b => b.Size);

        var layers = new List<Descriptor>();
        var diffIds = new JsonArray();
        var entries = new JsonArray();
        // Oldest first, as schema2 lists them.
        for (var i = history.Count - 1; i >= 0; i--)
        {
            var v1 = V1Compatibility(history[i]);
            var throwaway = v1["throwaway"]?.GetValue<bool>() == true;
            entries.Add(HistoryEntry(v1, throwaway));
            if (throwaway) continue;
            var digest = Digest.Parse(fsLayers[i]?["blobSum"]?.GetValue<string>() ?? throw new FormatException($"layer {i} has no blobSum"));
            layers.Add(new Descriptor(LayerType, digest, sizes.TryGetValue(digest, out var size) ? size : throw new FormatException($"layer {digest} has no size")));
            diffIds.Add((await DiffIdAsync(repository, digest, cancellationToken)).ToString());
        }

        var config = V1Compatibility(history[0]);
        foreach (var field in V1OnlyFields) config.Remove(field);
        config["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = diffIds };
        config["history"] = entries;
        // Keys in order, as Go's encoder writes a map: the same input always makes the same config and digest.
        var configBytes = JsonSerializer.SerializeToUtf8Bytes(Sorted(config));
        var configDescriptor = new Descriptor(MediaTypes.DockerConfig, Digest.Compute(configBytes), configBytes.Length) { Data = configBytes };

        var manifestBytes = JsonSerializer.SerializeToUtf8Bytes(new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = MediaTypes.DockerManifest,
            ["config"] = Describe(configDescriptor),
            ["layers"] = new JsonArray(layers.Select(l => (JsonNode)Describe(l)).ToArray()),
        });
        var manifest = ManifestDocument.Parse(manifestBytes, MediaTypes.DockerManifest);
        return image with
        {
            Digest = manifest.Digest.ToString(),
            MediaType = manifest.MediaType,
            Kind = manifest.Kind.Label(),
            Size = manifestBytes.Length + configBytes.Length + layers.Sum(l => l.Size),
            ProblemCodes = [],
            Manifests = [manifest],
            BlobDescriptors = [configDescriptor, .. layers.DistinctBy(l => l.Digest)],
            ConvertedFrom = image.Digest,
        };
    }

    private static JsonObject V1Compatibility(JsonNode? entry) =>
        JsonNode.Parse(entry?["v1Compatibility"]?.GetValue<string>() ?? throw new FormatException("a history entry has no v1Compatibility"))?.AsObject()
        ?? throw new FormatException("a v1Compatibility entry is empty");

    private static JsonObject HistoryEntry(JsonObject v1, bool throwaway)
    {
        var entry = new JsonObject();
        if (v1["created"] is { } created) entry["created"] = created.DeepClone();
        var createdBy = v1["container_config"]?["Cmd"] is JsonArray cmd ? string.Join(' ', cmd.Select(c => c?.ToString())) : "";
        if (createdBy.Length > 0) entry["created_by"] = createdBy;
        if (v1["author"]?.ToString() is { Length: > 0 } author) entry["author"] = author;
        if (v1["comment"]?.ToString() is { Length: > 0 } comment) entry["comment"] = comment;
        if (throwaway) entry["empty_layer"] = true;
        return entry;
    }

    private static JsonObject Describe(Descriptor d) => new() { ["mediaType"] = d.MediaType, ["size"] = d.Size, ["digest"] = d.Digest.ToString() };

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Sorted).ToArray()),
        _ => node?.DeepClone(),
    };

    /// <summary>The digest of the layer's uncompressed bytes, streamed: never on disk, never whole in memory. A layer
    /// that is not gzip is its own diff id.</summary>
    private async Task<Digest> DiffIdAsync(string repository, Digest layer, CancellationToken cancellationToken)
    {
        var magic = new byte[2];
        await using (var head = await source.OpenBlobAsync(repository, layer, 0, cancellationToken))
        {
            var read = await head.ReadAtLeastAsync(magic, 2, throwOnEndOfStream: false, cancellationToken);
            if (read < 2 || magic[0] != 0x1f || magic[1] != 0x8b) return layer;
        }
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var stream = await source.OpenBlobAsync(repository, layer, 0, cancellationToken);
        await using var gunzip = new GZipStream(stream, CompressionMode.Decompress);
        var buffer = new byte[1 << 16];
        for (int n; (n = await gunzip.ReadAsync(buffer, cancellationToken)) > 0;) sha.AppendData(buffer, 0, n);
        return Digest.FromHash(sha.GetHashAndReset());
    }
}
