using Web.Data;

namespace Web.Features.Overview;

/// <summary>The newest migration's headline, without its report (which can be large).</summary>
public sealed record LastRun(int Id, string SourceName, string TargetName, JobStatus Status, int ImagesDone, int ImagesTotal, int ImagesFailed,
    bool? Verified, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt);
