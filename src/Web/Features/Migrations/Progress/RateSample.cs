namespace Web.Features.Migrations;

/// <summary>One second of the job page's rate chart: when it was (since the migration started), the rate, and the cap
/// then (null: none).</summary>
public sealed record RateSample(TimeSpan At, double MiBPerSecond, double? CapMiBPerSecond);
