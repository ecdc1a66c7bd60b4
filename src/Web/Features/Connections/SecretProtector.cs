using Microsoft.AspNetCore.DataProtection;

namespace Web.Features.Connections;

/// <summary>Encrypts connection passwords at rest with Data Protection (keys in the data folder).</summary>
public sealed class SecretProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("Dashboard.ConnectionSecrets.v1");

    public string? Protect(string? secret) => string.IsNullOrEmpty(secret) ? null : _protector.Protect(secret);

    public string? Unprotect(string? protectedSecret) => protectedSecret is null ? null : _protector.Unprotect(protectedSecret);
}
