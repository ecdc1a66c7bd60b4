namespace Web.Features.Jobs;

/// <summary>A repository job's running totals, folded from engine events on many threads.</summary>
public sealed class RepositoryCounters
{
    private int _imagesDone, _imagesFailed;
    private long _bytesDone;

    public int ImagesDone => Volatile.Read(ref _imagesDone);
    public int ImagesFailed => Volatile.Read(ref _imagesFailed);
    public long BytesDone => Interlocked.Read(ref _bytesDone);

    public void ImageFinished(bool failed)
    {
        Interlocked.Increment(ref _imagesDone);
        if (failed) Interlocked.Increment(ref _imagesFailed);
    }

    public void Bytes(long count) => Interlocked.Add(ref _bytesDone, count);
}
