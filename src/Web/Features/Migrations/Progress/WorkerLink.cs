using Migration.Engine.Link;
using Web.Data;

namespace Web.Features.Migrations;

/// <summary>The link to the target as one worker process last measured it for a migration (the engine's
/// <c>LinkMeasured</c>, once a second while it copies).</summary>
public sealed record WorkerLink(string Worker, LinkStatus Status, DateTimeOffset MeasuredAt)
{
    public static WorkerLink From(MigrationWorkerLinkEntity row) => new(row.Worker,
        new LinkStatus(row.BytesPerSecond, row.InFlight, row.Limit, row.MaxConcurrency,
            row.RoundTripMilliseconds is { } ms ? TimeSpan.FromMilliseconds(ms) : null, row.CapBytesPerSecond),
        row.MeasuredAt);
}
