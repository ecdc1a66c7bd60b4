using System.Security.Cryptography;

namespace Migration.Engine.Oci;

/// <summary>A content address, <c>sha256:&lt;64 lowercase hex&gt;</c>. Only sha256 is accepted: it is all
/// Docker Distribution and Harbor write, and a strict parse keeps link files from naming paths.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(DigestJsonConverter))]
public readonly record struct Digest
{
    public const string Sha256Prefix = "sha256:";

    private Digest(string hex) => Hex = hex;

    public string Hex { get; }

    public string Algorithm => "sha256";

    /// <summary>First 12 hex characters, as people and `docker images` show digests.</summary>
    public string Short => Hex[..12];

    public static Digest Parse(string value) =>
        TryParse(value, out var digest) ? digest : throw new FormatException($"'{Truncate(value)}' is not a sha256 digest");

    public static bool TryParse(string? value, out Digest digest)
    {
        digest = default;
        if (value is null) return false;
        var text = value.Trim();
        if (!text.StartsWith(Sha256Prefix, StringComparison.Ordinal)) return false;
        var hex = text[Sha256Prefix.Length..];
        if (!IsSha256Hex(hex)) return false;
        digest = new Digest(hex);
        return true;
    }

    public static Digest FromHex(string hex) =>
        IsSha256Hex(hex) ? new Digest(hex) : throw new FormatException($"'{Truncate(hex)}' is not 64 lowercase hex characters");

    public static bool IsSha256Hex(ReadOnlySpan<char> hex)
    {
        if (hex.Length != 64) return false;
        foreach (var c in hex)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f'))) return false;
        }
        return true;
    }

    public static Digest Compute(ReadOnlySpan<byte> content) => new(Convert.ToHexStringLower(SHA256.HashData(content)));

    public static Digest FromHash(byte[] sha256) => new(Convert.ToHexStringLower(sha256));

    public override string ToString() => Hex is null ? "" : Sha256Prefix + Hex;

    private static string Truncate(string value) => value.Length > 80 ? value[..80] + "…" : value;
}
