using System.Globalization;
using System.Security.Claims;

namespace Web.Features.Access;

/// <summary>
/// Whether a signed-in user still stands: a cookie session while its <see cref="SecurityStamp"/> is the account's
/// current one, an API-token identity while its token is not revoked. Asked on every cookie request (the cookie's
/// OnValidatePrincipal) and on every tick of an open page (<see cref="SessionRevalidatingStateProvider"/>), so that a
/// sign-out, a password change or a revocation ends what is already open, not only what opens next.
/// </summary>
public sealed class SessionCheck(AdminAccountService admin, ApiTokenService tokens)
{
    public async Task<bool> IsCurrentAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        // Nobody signed in: nothing to end.
        if (user.Identity?.IsAuthenticated != true) return true;
        if (user.FindFirst(ApiTokenAuthenticationHandler.TokenIdClaim)?.Value is { } tokenId)
            return int.TryParse(tokenId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && await tokens.IsLiveAsync(id, cancellationToken);
        // A cookie without a stamp was issued before stamps existed, and could never be ended: it ends now.
        if (user.FindFirst(SecurityStamp.ClaimType)?.Value is not { } stamp || user.Identity.Name is not { } name) return false;
        return await admin.CurrentStampAsync(name, cancellationToken) == stamp;
    }
}
