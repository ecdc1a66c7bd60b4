namespace HarborDouble.Diagnostics;

/// <summary>One request as the double answered it. <see cref="Project"/> is the project of the repository (or of the
/// API path) when there is one; <see cref="Digest"/> the blob or manifest digest for commits, mounts and manifests.</summary>
public sealed record HarborRequest(HarborRequestKind Kind, string Method, string Path, string? Project, string? Digest, int Status, DateTimeOffset Time);
