using System.Security.Cryptography;

namespace Web.Features.Access;

/// <summary>
/// The admin account's session generation: stored on the account, copied into the cookie at sign-in, compared on every
/// request and every <see cref="SessionRevalidatingStateProvider"/> tick. Replaced on sign-out and password change.
/// <para>Not a secret, so it is stored as is (as ASP.NET Core Identity stores its own): the cookie that carries it is
/// encrypted and signed with the Data Protection keys, and without those keys knowing the stamp forges nothing. It is
/// random rather than a counter so that a database recreated or restored from a backup never brings back a value an old
/// cookie still carries. It is never logged all the same.</para>
/// </summary>
public static class SecurityStamp
{
    public const string ClaimType = "dashboard:security_stamp";

    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
