namespace HarborDouble.State;

internal sealed partial class HarborStore
{
    /// <summary>Harbor's global blob table: digest to size (docs/harbor.md#blob-uploads).</summary>
    private readonly Dictionary<string, long> _blobs = new(StringComparer.Ordinal);

    /// <summary>Bytes accepted per upload session, from PATCH responses' Range (docs/harbor.md#blob-uploads).</summary>
    private readonly Dictionary<string, long> _uploadSizes = new(StringComparer.Ordinal);

    public long? BlobSize(string digest)
    {
        lock (_lock) return _blobs.TryGetValue(digest, out var size) ? size : null;
    }

    public bool IsAssociated(ProjectRecord project, string digest)
    {
        lock (_lock) return project.Blobs.ContainsKey(digest);
    }

    /// <summary>Records a blob and associates it with the project; a later, larger size corrects an earlier
    /// zero (a chunked PUT recorded as 0 is fixed by the manifest PUT, docs/harbor.md#blob-uploads).</summary>
    public void RecordBlob(ProjectRecord project, string digest, long size)
    {
        lock (_lock)
        {
            if (size > 0 || !_blobs.ContainsKey(digest)) _blobs[digest] = size;
            if (size > 0 || !project.Blobs.ContainsKey(digest)) project.Blobs[digest] = size;
        }
    }

    /// <summary>Reserves <paramref name="delta"/> bytes against the project's hard limit, counting other requests'
    /// reservations, or returns the overflow message Harbor sends (docs/harbor.md#storage-quota).</summary>
    public string? TryReserve(ProjectRecord project, long delta)
    {
        lock (_lock)
        {
            var current = project.Used + project.Reserved;
            if (project.StorageLimit >= 0 && current + delta > project.StorageLimit)
                return QuotaMessage.Overflow(delta, current, project.StorageLimit);
            project.Reserved += delta;
            return null;
        }
    }

    public void Release(ProjectRecord project, long delta)
    {
        lock (_lock) project.Reserved -= delta;
    }

    public void AddUploadedBytes(string session, long total)
    {
        lock (_lock) _uploadSizes[session] = total;
    }

    public long UploadedBytes(string session)
    {
        lock (_lock) return _uploadSizes.GetValueOrDefault(session);
    }

    public void ForgetUpload(string session)
    {
        lock (_lock) _uploadSizes.Remove(session);
    }
}
