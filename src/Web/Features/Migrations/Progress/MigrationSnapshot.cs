using Web.Data;

namespace Web.Features.Migrations;

/// <summary>Where a migration stands, as the job page and any SignalR listener see it.</summary>
/// <param name="MaxBytesPerSecond">The bandwidth cap now, for the whole migration; null: none.</param>
public sealed record MigrationSnapshot(
    int Id, JobStatus Status, int ImagesTotal, int ImagesDone, int ImagesFailed, long BytesTotal, long BytesDone, bool? Verified,
    string? Error, IReadOnlyList<RepositoryProgress> Repositories, long? MaxBytesPerSecond = null)
{
    public static MigrationSnapshot From(MigrationEntity m, IEnumerable<MigrationRepositoryEntity> repositories) =>
        new(m.Id, m.Status, m.ImagesTotal, m.ImagesDone, m.ImagesFailed, m.BytesTotal, m.BytesDone, m.Verified, m.Error,
            repositories.OrderBy(r => r.SourceRepository, StringComparer.Ordinal)
                .Select(r => new RepositoryProgress(r.SourceRepository, r.Status, r.ImagesTotal, r.ImagesDone, r.ImagesFailed, r.BytesDone,
                    r.Status == JobStatus.Running ? r.InFlight : null, r.Worker)).ToList(),
            m.MaxBytesPerSecond);
}

/// <param name="Worker">The app instance copying it (several share the work when scaled out).</param>
public sealed record RepositoryProgress(string Repository, JobStatus Status, int ImagesTotal, int ImagesDone, int ImagesFailed, long BytesDone,
    string? InFlight = null, string? Worker = null);
