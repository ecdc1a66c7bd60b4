namespace Web.Data;

/// <summary>A saved source (storage folder, .tar, or registry URL) or target (Harbor URL). The password is kept only
/// encrypted with ASP.NET Data Protection and never leaves the server.</summary>
public sealed class ConnectionEntity
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public ConnectionRole Role { get; set; }
    /// <summary>A folder, a .tar, or an http(s) URL.</summary>
    public required string Location { get; set; }
    public string? Username { get; set; }
    public string? ProtectedPassword { get; set; }
    public bool Insecure { get; set; }
    public string? CaCertificatePem { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
