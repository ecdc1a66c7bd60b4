using Migration.Engine.Copy;

namespace Web.Features.Migrations;

/// <summary>The engine's <see cref="IProgress{T}"/> for a repository job: folds events into the job's live counters and
/// the link's latest measurement, and says they changed. Implemented directly, not with <c>Progress&lt;T&gt;</c>, which
/// can reorder events. Cheap, never blocks (nothing here touches the database), never throws.</summary>
public sealed class CopyEventFold(RepositoryCounters counters, SharedLink link, Action changed) : IProgress<CopyEvent>
{
    public void Report(CopyEvent value)
    {
        switch (value)
        {
            case BytesTransferred bytes:
                counters.Bytes(bytes.Digest.ToString(), bytes.Bytes);
                break;
            case ImageFinished finished:
                counters.ImageFinished(finished.Outcome.Status == ImageStatus.Failed);
                break;
            case BlobDone done:
                counters.BlobDone(done.Digest.ToString());
                break;
            case LinkMeasured measured:
                link.Measured(measured.Link);
                break;
            default:
                return;
        }
        changed();
    }
}
