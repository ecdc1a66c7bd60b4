using System.Collections.Concurrent;
using System.Text;

namespace HarborDouble.Security;

/// <summary>
/// Basic credentials to a principal, the way Harbor's robot and basic-auth security generators do it. A failure is not
/// an error: the request simply runs as anonymous, after a sleep, and the user name is locked for the same time so that
/// even the right password is ignored meanwhile (docs/harbor.md#bad-credentials, `src/core/auth/authenticator.go`).
/// </summary>
internal sealed class Authenticator(HarborStore store, HarborSettings settings, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lockedUntil = new(StringComparer.Ordinal);

    public async Task<Principal> AuthenticateAsync(string authorization, CancellationToken cancellationToken)
    {
        if (!TryDecodeBasic(authorization, out var name, out var password)) return Principal.Anonymous;
        // The robot generator runs first and checks the secret directly, without the lock
        // (docs/harbor.md#robot-accounts).
        if (name.StartsWith(HarborStore.RobotPrefix, StringComparison.Ordinal)
            && store.FindRobot(name) is { } robot && robot.Secret == password)
            return Principal.ForRobot(robot);
        if (_lockedUntil.TryGetValue(name, out var until) && until > time.GetUtcNow()) return Principal.Anonymous;
        if (store.FindUser(name) is { } user && user.Password == password) return Principal.ForUser(user);

        var delay = settings.FailedLoginDelay;
        _lockedUntil[name] = time.GetUtcNow() + delay;
        if (delay > TimeSpan.Zero) await Task.Delay(delay, time, cancellationToken);
        return Principal.Anonymous;
    }

    public static bool TryDecodeBasic(string authorization, out string name, out string password)
    {
        name = password = "";
        if (!authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return false;
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..].Trim()));
            var colon = decoded.IndexOf(':');
            if (colon < 0) return false;
            name = decoded[..colon];
            password = decoded[(colon + 1)..];
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
