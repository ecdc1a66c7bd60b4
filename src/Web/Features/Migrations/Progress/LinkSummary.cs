namespace Web.Features.Migrations;

/// <summary>
/// The link to the target as the job page shows it: the sum over the workers copying the migration now (each has its
/// own requests in flight and its share of the cap). A measurement older than <see cref="FreshFor"/> is left out: its
/// worker has finished, or died, and its rate is history.
/// </summary>
/// <param name="RoundTripMilliseconds">The shortest of the workers' round trips; null before any was measured.</param>
public sealed record LinkSummary(double BytesPerSecond, int InFlight, int Limit, int MaxConcurrency, double? RoundTripMilliseconds, int Workers)
{
    public static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(5);

    public static LinkSummary? Of(IEnumerable<WorkerLink> workers, DateTimeOffset now)
    {
        var fresh = workers.Where(w => now - w.MeasuredAt <= FreshFor).Select(w => w.Status).ToList();
        if (fresh.Count == 0) return null;
        var roundTrips = fresh.Where(s => s.RoundTrip is not null).Select(s => s.RoundTrip!.Value.TotalMilliseconds).ToList();
        return new LinkSummary(fresh.Sum(s => s.BytesPerSecond), fresh.Sum(s => s.InFlight), fresh.Sum(s => s.Limit), fresh.Sum(s => s.MaxConcurrency),
            roundTrips.Count == 0 ? null : roundTrips.Min(), fresh.Count);
    }

    /// <summary>How long the bytes still to send take at the current rate; null when nothing moves.</summary>
    public TimeSpan? TimeFor(long bytes) => BytesPerSecond >= 1 ? TimeSpan.FromSeconds(Math.Max(0, bytes) / BytesPerSecond) : null;
}
