using System.Text.Json.Serialization;
using Web.Data;

namespace Web.Features.Migrations;

/// <summary>Where a migration stands, as the job page and any SignalR listener see it.</summary>
/// <param name="MaxBytesPerSecond">The bandwidth cap now, for the whole migration; null: none.</param>
/// <param name="Workers">Each worker's latest measurement of the link; summed in <see cref="Link"/>, which is what
/// listeners get (the workers' names stay on the server).</param>
public sealed record MigrationSnapshot(
    int Id, JobStatus Status, int ImagesTotal, int ImagesDone, int ImagesFailed, long BytesTotal, long BytesDone, bool? Verified,
    string? Error, IReadOnlyList<RepositoryProgress> Repositories, long? MaxBytesPerSecond = null, DateTimeOffset? CreatedAt = null,
    [property: JsonIgnore] IReadOnlyList<WorkerLink>? Workers = null)
{
    /// <summary>The link as the workers copying now measured it; null while none has (or the migration is not running).</summary>
    public LinkSummary? Link => Status == JobStatus.Running && Workers is { Count: > 0 } workers ? LinkSummary.Of(workers, DateTimeOffset.UtcNow) : null;

    public static MigrationSnapshot From(MigrationEntity m, IEnumerable<MigrationRepositoryEntity> repositories, IEnumerable<WorkerLink> workers) =>
        new(m.Id, m.Status, m.ImagesTotal, m.ImagesDone, m.ImagesFailed, m.BytesTotal, m.BytesDone, m.Verified, m.Error,
            repositories.OrderBy(r => r.SourceRepository, StringComparer.Ordinal)
                .Select(r => new RepositoryProgress(r.SourceRepository, r.Status, r.ImagesTotal, r.ImagesDone, r.ImagesFailed, r.BytesDone,
                    r.Status == JobStatus.Running ? r.InFlight : null, r.Worker)).ToList(),
            m.MaxBytesPerSecond, m.CreatedAt, workers.ToList());

    /// <summary>This snapshot with <paramref name="mine"/> in place of whatever the database held for its worker.</summary>
    public MigrationSnapshot WithWorker(WorkerLink mine) =>
        this with { Workers = [.. (Workers ?? []).Where(w => w.Worker != mine.Worker), mine] };
}

/// <param name="Worker">The app instance copying it (several share the work when scaled out).</param>
public sealed record RepositoryProgress(string Repository, JobStatus Status, int ImagesTotal, int ImagesDone, int ImagesFailed, long BytesDone,
    string? InFlight = null, string? Worker = null);
