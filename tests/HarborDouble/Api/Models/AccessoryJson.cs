namespace HarborDouble.Api.Models;

/// <summary>swagger `Accessory`: a signature, SBOM or other `subject` manifest of an artifact.</summary>
internal sealed record AccessoryJson(
    long Id,
    long ArtifactId,
    long SubjectArtifactId,
    string SubjectArtifactDigest,
    string SubjectArtifactRepo,
    long Size,
    string Digest,
    string Type,
    string Icon,
    string CreationTime);
