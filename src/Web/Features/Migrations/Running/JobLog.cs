namespace Web.Features.Migrations;

/// <summary>
/// One log line per job event, each with the migration id, the image (or repository) and the worker as structured
/// properties, so a log pipeline can follow one migration across every instance (<c>Logging__Console__FormatterName=json</c>
/// prints them as JSON). Source-generated: no boxing or formatting unless the level is on.
/// </summary>
public static partial class JobLog
{
    [LoggerMessage(EventId = 100, EventName = "RepositoryJobStarted", Level = LogLevel.Information,
        Message = "migration {MigrationId} repository {Repository}: job started on {Worker}")]
    public static partial void RepositoryJobStarted(this ILogger logger, int migrationId, string repository, string worker);

    [LoggerMessage(EventId = 101, EventName = "RepositoryJobFinished", Level = LogLevel.Information,
        Message = "migration {MigrationId} repository {Repository}: job finished on {Worker}, {ImagesCopied} copied, {ImagesFailed} failed, {BytesUploaded} bytes uploaded in {ElapsedMs} ms")]
    public static partial void RepositoryJobFinished(this ILogger logger, int migrationId, string repository, string worker, int imagesCopied,
        int imagesFailed, long bytesUploaded, long elapsedMs);

    [LoggerMessage(EventId = 102, EventName = "RepositoryJobFailed", Level = LogLevel.Warning,
        Message = "migration {MigrationId} repository {Repository}: job failed on {Worker}: {Reason}")]
    public static partial void RepositoryJobFailed(this ILogger logger, int migrationId, string repository, string worker, string reason);

    [LoggerMessage(EventId = 103, EventName = "RepositoryJobSkipped", Level = LogLevel.Information,
        Message = "migration {MigrationId} repository {Repository}: not run on {Worker}, {Owner} has it; looking again in {LookAgainSeconds} s")]
    public static partial void RepositoryJobSkipped(this ILogger logger, int migrationId, string repository, string worker, string owner, int lookAgainSeconds);

    [LoggerMessage(EventId = 104, EventName = "RepositoryJobTakenOver", Level = LogLevel.Warning,
        Message = "migration {MigrationId} repository {Repository}: taken over by {Worker} from {Owner}, which has gone silent; what it committed is not sent again")]
    public static partial void RepositoryJobTakenOver(this ILogger logger, int migrationId, string repository, string worker, string owner);

    [LoggerMessage(EventId = 110, EventName = "ImageCopied", Level = LogLevel.Information,
        Message = "migration {MigrationId} image {Image} copied to {TargetRepository} on {Worker}, {BytesUploaded} bytes uploaded")]
    public static partial void ImageCopied(this ILogger logger, int migrationId, string image, string targetRepository, string worker, long bytesUploaded);

    [LoggerMessage(EventId = 111, EventName = "ImageFailed", Level = LogLevel.Warning,
        Message = "migration {MigrationId} image {Image} failed on {Worker}: {Reason}")]
    public static partial void ImageFailed(this ILogger logger, int migrationId, string image, string worker, string reason);

    [LoggerMessage(EventId = 120, EventName = "BlobUploaded", Level = LogLevel.Information,
        Message = "migration {MigrationId} image {Image}: blob {Digest} uploaded to {TargetRepository} on {Worker}, {Bytes} bytes")]
    public static partial void BlobUploaded(this ILogger logger, int migrationId, string? image, string digest, string targetRepository, string worker, long bytes);

    [LoggerMessage(EventId = 121, EventName = "BlobMounted", Level = LogLevel.Information,
        Message = "migration {MigrationId} image {Image}: blob {Digest} mounted into {TargetRepository} on {Worker}")]
    public static partial void BlobMounted(this ILogger logger, int migrationId, string? image, string digest, string targetRepository, string worker);
}
