namespace Web.Data;

/// <summary>The one admin sign-in. Only a salted PBKDF2 hash of the password is kept.</summary>
public sealed class AdminAccountEntity
{
    public int Id { get; set; }
    public required string UserName { get; set; }
    public required string PasswordHash { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
