using System.Collections.Concurrent;
using Migration.Engine.Copy;

namespace Web.Features.Jobs;

/// <summary>The engine's <see cref="IProgress{T}"/> for a repository job: folds events into counters and remembers where
/// each blob landed, passing each upload on to <paramref name="uploaded"/> as it lands. Implemented directly, not with
/// <c>Progress&lt;T&gt;</c>, which can reorder events. Cheap (the upload callback is one small write per uploaded blob);
/// never throws.</summary>
public sealed class CopyEventFold(RepositoryCounters counters, ConcurrentDictionary<string, string> placed, Action changed,
    Action<string, string>? uploaded = null) : IProgress<CopyEvent>
{
    public void Report(CopyEvent value)
    {
        switch (value)
        {
            case BytesTransferred bytes:
                counters.Bytes(bytes.Digest, bytes.Bytes);
                break;
            case ImageFinished finished:
                counters.ImageFinished(finished.Outcome.Status == ImageStatus.Failed);
                break;
            case BlobDone done:
                if (placed.TryAdd(done.Digest, done.Repository) && done.Action == BlobAction.Upload) uploaded?.Invoke(done.Digest, done.Repository);
                counters.BlobDone(done.Digest);
                break;
            default:
                return;
        }
        changed();
    }
}
