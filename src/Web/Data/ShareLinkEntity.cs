namespace Web.Data;

/// <summary>A read-only link to one migration's progress. Only the SHA-256 of its random token is kept.</summary>
public sealed class ShareLinkEntity
{
    public int Id { get; set; }
    public int MigrationId { get; set; }
    public required string TokenHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
