using System.Text;
using Migration.Engine.Oci;

namespace Engine.Tests.Oci;

public sealed class ManifestDocumentTests
{
    private const string Layer = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private const string Config = "sha256:2222222222222222222222222222222222222222222222222222222222222222";

    private static ManifestDocument Parse(string json, string? hint = null) => ManifestDocument.Parse(Encoding.UTF8.GetBytes(json), hint);

    [Fact]
    public void Parse_DockerSchema2_ReadsConfigAndLayers()
    {
        var m = Parse($$"""{"schemaVersion":2,"mediaType":"{{MediaTypes.DockerManifest}}","config":{"mediaType":"{{MediaTypes.DockerConfig}}","digest":"{{Config}}","size":7},"layers":[{"mediaType":"x","digest":"{{Layer}}","size":100}]}""");

        Assert.Equal(ManifestKind.DockerImage, m.Kind);
        Assert.Equal([Config, Layer], m.Blobs.Select(b => b.Digest.ToString()));
        Assert.Equal(m.Bytes.Length + 107, m.ImageBytes);
    }

    [Fact]
    public void Parse_OciManifestWithoutMediaType_IsInferredFromItsShape()
    {
        var m = Parse($$"""{"schemaVersion":2,"config":{"mediaType":"{{MediaTypes.OciConfig}}","digest":"{{Config}}","size":7},"layers":[]}""");

        Assert.Equal(ManifestKind.OciImage, m.Kind);
        Assert.Equal(MediaTypes.OciManifest, m.MediaType);
    }

    [Fact]
    public void Parse_OciArtifact_IsRecognisedByArtifactTypeOrConfig()
    {
        var byType = Parse($$"""{"schemaVersion":2,"mediaType":"{{MediaTypes.OciManifest}}","artifactType":"application/vnd.example+type","config":{"mediaType":"application/vnd.oci.empty.v1+json","digest":"{{Config}}","size":2},"layers":[]}""");
        var byConfig = Parse($$"""{"schemaVersion":2,"mediaType":"{{MediaTypes.OciManifest}}","config":{"mediaType":"application/vnd.cncf.helm.config.v1+json","digest":"{{Config}}","size":2},"layers":[]}""");

        Assert.Equal(ManifestKind.OciArtifact, byType.Kind);
        Assert.Equal("application/vnd.example+type", byType.ArtifactType);
        Assert.Equal(ManifestKind.OciArtifact, byConfig.Kind);
    }

    [Fact]
    public void Parse_Index_ReadsChildrenWithPlatforms()
    {
        var m = Parse($$$"""{"schemaVersion":2,"mediaType":"{{{MediaTypes.OciIndex}}}","manifests":[{"mediaType":"{{{MediaTypes.OciManifest}}}","digest":"{{{Layer}}}","size":5,"platform":{"os":"linux","architecture":"arm64","variant":"v8"}}]}""");

        Assert.Equal(ManifestKind.OciIndex, m.Kind);
        Assert.Equal("linux/arm64/v8", Assert.Single(m.Manifests).Platform!.ToString());
        Assert.Empty(m.Blobs);
    }

    [Theory]
    [InlineData("""{"schemaVersion":1,"name":"a","fsLayers":[]}""", ManifestKind.Schema1)]
    [InlineData("""{"schemaVersion":1,"name":"a","fsLayers":[],"signatures":[]}""", ManifestKind.Schema1Signed)]
    [InlineData("""{"schemaVersion":2,"mediaType":"application/vnd.example.unknown"}""", ManifestKind.Unknown)]
    public void Parse_Schema1AndUnknownTypes_AreRecognisedNotRejected(string json, ManifestKind kind) =>
        Assert.Equal(kind, Parse(json).Kind);

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"schemaVersion":3}""")]
    [InlineData("""{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"digest":"sha256:zz","size":1},"layers":[]}""")]
    [InlineData("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json"}""")]
    public void Parse_Malformed_ThrowsWithTheDigestInTheMessage(string json)
    {
        var ex = Assert.Throws<MalformedManifestException>(() => Parse(json));
        Assert.Contains(Digest.Compute(Encoding.UTF8.GetBytes(json)).ToString(), ex.Message);
    }

    [Fact]
    public void Parse_KeepsTheExactBytes()
    {
        var json = "{ \"schemaVersion\" : 2,\n \"mediaType\": \"" + MediaTypes.OciIndex + "\", \"manifests\": [] }";
        var m = Parse(json);
        Assert.Equal(json, Encoding.UTF8.GetString(m.Bytes.Span));
        Assert.Equal(Digest.Compute(Encoding.UTF8.GetBytes(json)), m.Digest);
    }
}
