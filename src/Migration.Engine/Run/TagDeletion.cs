namespace Migration.Engine.Run;

/// <summary>A tag deleted on the source, and what happened to it on the target.</summary>
public sealed record TagDeletion(string TargetRepository, string Tag, string Digest, bool Deleted, string? Error = null)
{
    public string Display => $"{TargetRepository}:{Tag}";
}
