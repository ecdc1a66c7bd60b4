using System.Security.Cryptography;
using System.Text.Json;

namespace HarborDouble.Registry;

/// <summary>A manifest body as Harbor's quota and artifact middlewares parse it, by the request's Content-Type.</summary>
internal sealed record ManifestDocument(string MediaType, byte[] Bytes)
{
    public string Digest { get; } = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Bytes));
    public Descriptor? Config { get; init; }
    public IReadOnlyList<Descriptor> Layers { get; init; } = [];
    public IReadOnlyList<Descriptor> Manifests { get; init; } = [];
    public Descriptor? Subject { get; init; }
    public string? ArtifactType { get; init; }
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    public bool IsIndex => MediaTypes.IsIndex(MediaType);

    /// <summary>Config, layers and children: what quota counts and what must exist.</summary>
    public IEnumerable<Descriptor> References =>
        (Config is null ? [] : new[] { Config }).Concat(Layers).Concat(Manifests);

    /// <summary>Harbor's `media_type` (docs/harbor.md#artifacts): the config media type, the index type for an
    /// index.</summary>
    public string ArtifactMediaType => IsIndex ? MediaType : Config?.MediaType ?? MediaType;
}
