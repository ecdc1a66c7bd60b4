namespace Migration.Engine.Registry;

/// <summary>A bearer token and when to stop using it.</summary>
internal sealed record RegistryToken(string Value, DateTimeOffset ExpiresAt, TimeSpan Lifetime)
{
    // docs/distribution.md#tokens: refresh before the next request when little is left. A fixed 60 s would mean
    // a fresh token per request for short lifetimes, so use a fifth of the lifetime, at most a minute.
    public bool IsFresh(DateTimeOffset now) =>
        now < ExpiresAt - TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(60).Ticks, Lifetime.Ticks / 5));
}
