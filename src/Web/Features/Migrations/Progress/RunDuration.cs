namespace Web.Features.Migrations;

/// <summary>How long a finished migration ran, from its creation to the finisher's stamp, and the bytes it sent divided
/// by that: the average rate, queueing and verification included, as someone timing the whole run would see it.</summary>
public sealed record RunDuration(TimeSpan Duration, double AverageBytesPerSecond)
{
    /// <summary>Null while it runs (the job page shows the time so far instead) or when a time is missing.</summary>
    public static RunDuration? Of(MigrationSnapshot snapshot)
    {
        if (snapshot.Status is Web.Data.JobStatus.Queued or Web.Data.JobStatus.Running) return null;
        if (snapshot is not { CreatedAt: { } started, FinishedAt: { } finished } || finished < started) return null;
        var duration = finished - started;
        return new RunDuration(duration, duration.TotalSeconds > 0 ? snapshot.BytesDone / duration.TotalSeconds : 0);
    }
}
