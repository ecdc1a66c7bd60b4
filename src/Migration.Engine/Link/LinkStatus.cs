namespace Migration.Engine.Link;

/// <summary>The link to the target as a run last measured it.</summary>
/// <param name="BytesPerSecond">Bytes sent over the last second.</param>
/// <param name="InFlight">Requests (transfers, manifest pushes, checks) under way.</param>
/// <param name="Limit">How many may be under way now; see <see cref="ConcurrencyController"/>.</param>
/// <param name="MaxConcurrency">The upper bound the user set (or the default).</param>
/// <param name="RoundTrip">The shortest recent time for a small request to be answered; null before the first.</param>
/// <param name="CapBytesPerSecond">The bandwidth cap, or null for none.</param>
public sealed record LinkStatus(double BytesPerSecond, int InFlight, int Limit, int MaxConcurrency, TimeSpan? RoundTrip, long? CapBytesPerSecond);
