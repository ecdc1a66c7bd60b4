namespace Web.Features.Migrations;

/// <summary>One second of the job page's rate chart: when it was (since the migration started), the rate, and the cap
/// then (null: none).</summary>
public sealed record RateSample(TimeSpan At, double MiBPerSecond, double? CapMiBPerSecond)
{
    private const double MiB = 1 << 20;

    /// <summary>The rate samples are kept by the page that watched them, not stored, so a finished migration opened
    /// afresh has none: this draws its average over the whole run instead, as a flat line with enough points along the
    /// time axis to label it.</summary>
    public static IReadOnlyList<RateSample> Average(TimeSpan duration, double bytesPerSecond, int points = 7) =>
        Enumerable.Range(0, points).Select(i => new RateSample(duration * i / (points - 1), bytesPerSecond / MiB, null)).ToList();
}
