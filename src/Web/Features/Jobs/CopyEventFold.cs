using Migration.Engine.Copy;
using Migration.Engine.Plan;
using Migration.Engine.Run;

namespace Web.Features.Jobs;

/// <summary>The engine's <see cref="IProgress{T}"/> for a repository job: folds events into counters (where blobs land is
/// recorded as it happens, by <see cref="DatabaseBlobPlacements"/>). Implemented directly, not with <c>Progress&lt;T&gt;</c>, which can reorder events. Cheap; never throws.</summary>
public sealed class CopyEventFold(RepositoryCounters counters, Action changed) : IProgress<CopyEvent>
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
            default:
                return;
        }
        changed();
    }
}
