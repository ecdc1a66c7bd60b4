using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HarborDouble.Security;

/// <summary>
/// Issues and checks the RS256 registry tokens of Harbor's token service: `iss` harbor-token-issuer, `aud`
/// harbor-registry, `sub` the user or robot name ("" for anonymous), `access` the grants
/// (docs/harbor.md#token-service).
/// </summary>
internal sealed class TokenSigner : IDisposable
{
    public const string Issuer = "harbor-token-issuer";
    public const string Service = "harbor-registry";

    private readonly RSA _key = RSA.Create(2048);
    private readonly string _keyId;

    public TokenSigner()
    {
        // libtrust-style key id: base32 of a truncated hash of the public key, in groups of four.
        var hash = SHA256.HashData(_key.ExportSubjectPublicKeyInfo())[..30];
        var base32 = Base32(hash);
        _keyId = string.Join(':', Enumerable.Range(0, 12).Select(i => base32.Substring(i * 4, 4)));
    }

    public string Issue(string subject, IReadOnlyList<TokenAccess> access, DateTimeOffset issuedAt, TimeSpan lifetime)
    {
        var now = issuedAt.ToUnixTimeSeconds();
        var header = new JsonObject { ["typ"] = "JWT", ["alg"] = "RS256", ["kid"] = _keyId };
        var claims = new JsonObject
        {
            ["iss"] = Issuer, ["sub"] = subject, ["aud"] = Service,
            ["exp"] = now + (long)lifetime.TotalSeconds, ["nbf"] = now, ["iat"] = now,
            ["jti"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            ["access"] = new JsonArray(access.Select(a => (JsonNode)new JsonObject
            {
                ["type"] = a.Type, ["name"] = a.Name, ["actions"] = new JsonArray(a.Actions.Select(x => (JsonNode)x!).ToArray()),
            }).ToArray()),
        };
        var signingInput = $"{Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString()))}.{Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()))}";
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signingInput}.{Base64Url(signature)}";
    }

    /// <summary>The token's principal, or null when the signature, audience, issuer or time window is wrong.</summary>
    public Principal? Validate(string token, DateTimeOffset now, TimeSpan leeway)
    {
        var parts = token.Split('.');
        if (parts.Length != 3) return null;
        try
        {
            var signature = FromBase64Url(parts[2]);
            if (!_key.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
                return null;
            using var header = JsonDocument.Parse(FromBase64Url(parts[0]));
            if (header.RootElement.GetProperty("alg").GetString() != "RS256") return null;
            using var claims = JsonDocument.Parse(FromBase64Url(parts[1]));
            var root = claims.RootElement;
            var seconds = now.ToUnixTimeSeconds();
            var skew = (long)leeway.TotalSeconds;
            if (root.GetProperty("iss").GetString() != Issuer || root.GetProperty("aud").GetString() != Service) return null;
            if (root.GetProperty("exp").GetInt64() + skew < seconds || root.GetProperty("nbf").GetInt64() - skew > seconds) return null;
            var access = root.GetProperty("access").EnumerateArray().Select(a => new TokenAccess(
                a.GetProperty("type").GetString() ?? "", a.GetProperty("name").GetString() ?? "",
                a.GetProperty("actions").EnumerateArray().Select(x => x.GetString() ?? "").ToList())).ToList();
            return new Principal(PrincipalKind.Token, root.GetProperty("sub").GetString() ?? "") { Access = access };
        }
        catch (Exception e) when (e is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    public void Dispose() => _key.Dispose();

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + (4 - padded.Length % 4) % 4, '='));
    }

    private static string Base32(byte[] bytes)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var result = new StringBuilder();
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                result.Append(alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        return result.ToString();
    }
}
