using System.Security.Cryptography;
using System.Text;

namespace Web.Features.Access;

/// <summary>
/// Random tokens for API access and share links: 256 bits, URL-safe. They carry their own entropy, so a plain
/// SHA-256 is enough to store them (no salt or stretching needed, unlike a password a person chose).
/// </summary>
public static class SecretToken
{
    public static string New(string prefix) => prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
