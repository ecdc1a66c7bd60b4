namespace Registry.Testing;

/// <summary>What every connection through one <see cref="WanProxy"/> shares: a link each way, the timer, the round
/// trip and the per-connection window.</summary>
internal sealed record WanPath(WanLink Up, WanLink Down, WanTimer Timer, long RoundTripTicks, int WindowBytes);
