namespace HarborDouble.Api;

/// <summary>The `with_*` switches of the artifact endpoints (docs/harbor.md#artifacts).</summary>
internal sealed record ArtifactOptions(bool WithTag, bool WithImmutableStatus, bool WithAccessory)
{
    public static ArtifactOptions From(HttpRequest request) => new(
        Flag(request, "with_tag", true), Flag(request, "with_immutable_status", false), Flag(request, "with_accessory", false));

    public ArtifactJson Render(ApiModels models, ArtifactRecord artifact) =>
        models.Artifact(artifact, WithTag, WithImmutableStatus, WithAccessory);

    private static bool Flag(HttpRequest request, string name, bool fallback) =>
        bool.TryParse(request.Query[name], out var value) ? value : fallback;
}
