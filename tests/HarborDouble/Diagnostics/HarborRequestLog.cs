using System.Collections.Concurrent;

namespace HarborDouble.Diagnostics;

/// <summary>Every request the double answered, in order of completion, for tests to count uploads and mounts.</summary>
public sealed class HarborRequestLog
{
    private readonly ConcurrentQueue<HarborRequest> _requests = new();

    public IReadOnlyList<HarborRequest> All => _requests.ToArray();

    public int Count(HarborRequestKind kind, string? project = null, int? status = null) =>
        _requests.Count(r => r.Kind == kind && (project is null || r.Project == project) && (status is null || r.Status == status));

    /// <summary>Blob uploads committed (PUT answered 201), optionally in one project.</summary>
    public int BlobCommits(string? project = null) => Count(HarborRequestKind.UploadCommit, project, 201);

    /// <summary>Successful cross-repository mounts (201), optionally into one project.</summary>
    public int Mounts(string? project = null) => Count(HarborRequestKind.Mount, project, 201);

    /// <summary>Manifests stored (PUT answered 201), optionally in one project.</summary>
    public int ManifestPuts(string? project = null) => Count(HarborRequestKind.ManifestPut, project, 201);

    /// <summary>Digests committed by upload, with how many times each was committed.</summary>
    public IReadOnlyDictionary<string, int> CommittedDigests(string? project = null) => _requests
        .Where(r => r.Kind == HarborRequestKind.UploadCommit && r.Status == 201 && r.Digest is not null && (project is null || r.Project == project))
        .GroupBy(r => r.Digest!).ToDictionary(g => g.Key, g => g.Count());

    public void Clear() => _requests.Clear();

    internal void Add(HarborRequest request) => _requests.Enqueue(request);
}
