namespace Web.Data;

/// <summary>A bearer token for the automation API. The token itself is shown once; only its SHA-256 is kept, with a
/// few trailing characters so a person can tell tokens apart.</summary>
public sealed class ApiTokenEntity
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string TokenHash { get; set; }
    public required string Hint { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
