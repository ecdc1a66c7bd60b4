using Web.Data;

namespace Web.Features.Connections;

/// <summary>A connection as pages see it: no secret, only whether one is stored.</summary>
public sealed record ConnectionSummary(int Id, string Name, ConnectionRole Role, string Location, string? Username, bool HasPassword, bool Insecure)
{
    public string Kind => Role == ConnectionRole.Target ? "Harbor"
        : Location.StartsWith("http", StringComparison.OrdinalIgnoreCase) ? "Registry API"
        : Migration.Engine.Sources.S3Location.IsS3(Location) ? "Object storage"
        : Location.EndsWith(".tar", StringComparison.OrdinalIgnoreCase) ? "Storage .tar"
        : "Storage folder";
}
