namespace Web.Features.Migrations;

/// <summary>
/// How blob claims behave across workers. A holder beats its claims every <see cref="HeartbeatEvery"/>; a claim not
/// beaten for <see cref="StaleAfter"/> belongs to a job that died and may be taken over. A waiting job looks every
/// <see cref="PollEvery"/> and gives up a round after <see cref="MaxWait"/> (the engine then claims again, and after
/// a few rounds uploads itself). A long upload is never taken over while its holder is alive: the heartbeat, not the
/// blob's size, decides.
/// </summary>
public sealed record BlobClaimTiming
{
    public TimeSpan HeartbeatEvery { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan PollEvery { get; init; } = TimeSpan.FromMilliseconds(250);
    public TimeSpan MaxWait { get; init; } = TimeSpan.FromMinutes(5);
}
