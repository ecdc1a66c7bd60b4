using System.Text.Json.Serialization;
using Web.Data;

namespace Web.Features.Migrations;

/// <summary>Where a migration stands, as the job page and any SignalR listener see it.</summary>
/// <param name="MaxBytesPerSecond">The bandwidth cap now, for the whole migration; null: none.</param>
/// <param name="Workers">Each worker's latest measurement of the link; summed in <see cref="Link"/>, which is what
/// listeners get (the workers' names stay on the server).</param>
/// <param name="FinishedAt">Set when the last repository is done and the finisher takes over (it verifies next), and
/// kept once the migration has finished; null before, and again after a retry.</param>
public sealed record MigrationSnapshot(
    int Id, JobStatus Status, int ImagesTotal, int ImagesDone, int ImagesFailed, long BytesTotal, long BytesDone, bool? Verified,
    string? Error, IReadOnlyList<RepositoryProgress> Repositories, long? MaxBytesPerSecond = null, DateTimeOffset? CreatedAt = null,
    [property: JsonIgnore] IReadOnlyList<WorkerLink>? Workers = null, DateTimeOffset? FinishedAt = null)
{
    /// <summary>The link as the workers copying now measured it; null while none has (or the migration is not running).</summary>
    public LinkSummary? Link => Status == JobStatus.Running && Workers is { Count: > 0 } workers ? LinkSummary.Of(workers, DateTimeOffset.UtcNow) : null;

    public static MigrationSnapshot From(MigrationEntity m, IEnumerable<MigrationRepositoryEntity> repositories, IEnumerable<WorkerLink> workers) =>
        new(m.Id, m.Status, m.ImagesTotal, m.ImagesDone, m.ImagesFailed, m.BytesTotal, m.BytesDone, m.Verified, m.Error,
            repositories.OrderBy(r => r.SourceRepository, StringComparer.Ordinal)
                .Select(r => new RepositoryProgress(r.SourceRepository, r.Status, r.ImagesTotal, r.ImagesDone, r.ImagesFailed, r.BytesDone,
                    r.Status == JobStatus.Running ? r.InFlight : null, r.Worker, r.TakenOverFrom)).ToList(),
            m.MaxBytesPerSecond, m.CreatedAt, workers.ToList(), m.FinishedAt);

    /// <summary>This snapshot with <paramref name="mine"/> in place of whatever the database held for its worker.</summary>
    public MigrationSnapshot WithWorker(WorkerLink mine) =>
        this with { Workers = [.. (Workers ?? []).Where(w => w.Worker != mine.Worker), mine] };

    /// <summary>This snapshot without the names of the app instances copying it (by default a machine's name), for
    /// viewers who are not signed in: a share link names the registries' hosts and nothing about the machines. The
    /// workers' measurements stay, under numbers, so the link's rate and time left still add up.</summary>
    public MigrationSnapshot WithoutWorkerNames() => this with
    {
        Workers = Workers?.Select((w, i) => w with { Worker = $"worker {i + 1}" }).ToList(),
        Repositories = Repositories.Select(r => r with { Worker = null, TakenOverFrom = null }).ToList(),
    };
}

/// <param name="Worker">The app instance copying it (several share the work when scaled out).</param>
/// <param name="TakenOverFrom">The instance that was copying it when it went silent, once <paramref name="Worker"/> took it over.</param>
public sealed record RepositoryProgress(string Repository, JobStatus Status, int ImagesTotal, int ImagesDone, int ImagesFailed, long BytesDone,
    string? InFlight = null, string? Worker = null, string? TakenOverFrom = null);
