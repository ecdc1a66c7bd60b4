namespace Web.Data;

/// <summary>The link to the target as one worker process measured it for one migration: written once a second while its
/// repository jobs copy, so a web node, or the other workers, can add up the rate and the requests in flight.</summary>
public sealed class MigrationWorkerLinkEntity
{
    public int MigrationId { get; set; }
    /// <summary>The app instance (<c>Dashboard:InstanceName</c>) that measured it.</summary>
    public required string Worker { get; set; }
    public double BytesPerSecond { get; set; }
    public int InFlight { get; set; }
    public int Limit { get; set; }
    public int MaxConcurrency { get; set; }
    public double? RoundTripMilliseconds { get; set; }
    /// <summary>This worker's share of the migration's cap.</summary>
    public long? CapBytesPerSecond { get; set; }
    public DateTimeOffset MeasuredAt { get; set; }
}
