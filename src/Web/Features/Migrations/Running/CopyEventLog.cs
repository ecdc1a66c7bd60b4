using Migration.Engine.Copy;
using Migration.Engine.Plan;
using Migration.Engine.Run;

namespace Web.Features.Migrations;

/// <summary>Writes the engine's image and blob events of one repository job as <see cref="JobLog"/> lines, then passes
/// every event on to <paramref name="next"/>. Cheap; never throws into the engine.</summary>
public sealed class CopyEventLog(ILogger logger, int migrationId, string worker, IProgress<CopyEvent> next) : IProgress<CopyEvent>
{
    public void Report(CopyEvent value)
    {
        try
        {
            switch (value)
            {
                case ImageFinished { Outcome: { Status: ImageStatus.Copied } o }:
                    logger.ImageCopied(migrationId, Image(o), o.TargetRepository, worker, o.BytesUploaded);
                    break;
                case ImageFinished { Outcome: { Status: ImageStatus.Failed } o }:
                    logger.ImageFailed(migrationId, Image(o), worker, o.Error ?? "unknown");
                    break;
                case BlobDone { Action: BlobAction.Upload } b:
                    logger.BlobUploaded(migrationId, b.Image, b.Digest.ToString(), b.Repository, worker, b.Size);
                    break;
                case BlobDone { Action: BlobAction.Mount } b:
                    logger.BlobMounted(migrationId, b.Image, b.Digest.ToString(), b.Repository, worker);
                    break;
            }
        }
        catch (Exception)
        {
            // A logging provider that throws must not fail a copy.
        }
        next.Report(value);
    }

    private static string Image(ImageOutcome o) =>
        o.Reference.StartsWith("sha256:", StringComparison.Ordinal) ? $"{o.SourceRepository}@{o.Reference}" : $"{o.SourceRepository}:{o.Reference}";
}
