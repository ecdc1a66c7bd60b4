namespace Web.Data;

/// <summary>One source repository of a migration: the unit a Hangfire worker claims, so several workers share a run.</summary>
public sealed class MigrationRepositoryEntity
{
    public int Id { get; set; }
    public int MigrationId { get; set; }
    public required string SourceRepository { get; set; }
    public JobStatus Status { get; set; }
    /// <summary>The app instance (<c>Dashboard:InstanceName</c>) whose worker runs or ran this repository.</summary>
    public string? Worker { get; set; }
    /// <summary>The instance that was running this repository when it went silent, once another took it over.</summary>
    public string? TakenOverFrom { get; set; }
    public int ImagesTotal { get; set; }
    public int ImagesDone { get; set; }
    public int ImagesFailed { get; set; }
    public long BytesDone { get; set; }
    /// <summary>Blobs being sent right now, e.g. "a1b2c3d4e5f6 12.0/64.0 MiB; …", written with the counters.</summary>
    public string? InFlight { get; set; }

    /// <summary>The per-image outcomes, as JSON, once the repository is done.</summary>
    public string? OutcomesJson { get; set; }
}
