namespace Web.Data;

/// <summary>
/// Where a blob is on a target, or who is putting it there. Later repository jobs mount it from
/// <see cref="Repository"/> instead of uploading it again, so a migration split across jobs, workers and app
/// instances still sends each unique blob once. A row with no repository is a claim: one job is uploading the blob
/// now (the primary key lets only one insert win), and beats <see cref="ClaimHeartbeat"/> while it does.
/// </summary>
public sealed class BlobLocationEntity
{
    public int TargetId { get; set; }
    public required string Digest { get; set; }

    /// <summary>Null while the blob is only claimed.</summary>
    public string? Repository { get; set; }

    /// <summary>The job holding the claim (instance and a per-job id).</summary>
    public string? ClaimedBy { get; set; }

    /// <summary>The repository the claim holder is uploading into. If the holder dies, whoever takes the claim over
    /// tries a mount from there first: the upload may have been committed just before the death.</summary>
    public string? ClaimedFor { get; set; }

    /// <summary>When the claim holder last showed it is alive, in Unix milliseconds (a number, so SQLite compares it).</summary>
    public long? ClaimHeartbeat { get; set; }
}
