namespace Web.Data;

/// <summary>The one admin sign-in. Only a salted PBKDF2 hash of the password is kept.</summary>
public sealed class AdminAccountEntity
{
    public int Id { get; set; }
    public required string UserName { get; set; }
    public required string PasswordHash { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Which sign-ins are current: every session cookie carries the value it was issued with, and a new one
    /// (sign-out, password change) ends all the others. See <see cref="Web.Features.Access.SecurityStamp"/>.</summary>
    public string SecurityStamp { get; set; } = "";
}
