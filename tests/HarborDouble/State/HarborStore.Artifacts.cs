using System.Text.RegularExpressions;

namespace HarborDouble.State;

internal sealed partial class HarborStore
{
    private static readonly Regex CosignSignatureTag = new("^sha256-([a-f0-9]{64})\\.sig$", RegexOptions.CultureInvariant);

    private readonly Dictionary<string, RepositoryRecord> _repositories = new(StringComparer.Ordinal);
    private readonly List<ArtifactRecord> _artifacts = [];
    private readonly List<TagRecord> _tags = [];
    private long _repositoryIds;
    private long _artifactIds;
    private long _tagIds;

    /// <summary>`repository.Ensure`: runs before the manifest is proxied, so a failed push can leave an empty
    /// repository behind (docs/harbor.md#manifest-pushes).</summary>
    public RepositoryRecord EnsureRepository(ProjectRecord project, string fullName)
    {
        lock (_lock)
        {
            if (_repositories.TryGetValue(fullName, out var existing)) return existing;
            var repository = new RepositoryRecord(++_repositoryIds, project, fullName, Now);
            _repositories[fullName] = repository;
            return repository;
        }
    }

    public RepositoryRecord? FindRepository(string fullName)
    {
        lock (_lock) return _repositories.GetValueOrDefault(fullName);
    }

    public IReadOnlyList<RepositoryRecord> Repositories(ProjectRecord? project = null)
    {
        lock (_lock) return _repositories.Values.Where(r => project is null || r.Project == project).OrderBy(r => r.Id).ToList();
    }

    /// <summary>By `sha256:` digest or by tag.</summary>
    public ArtifactRecord? FindArtifact(RepositoryRecord repository, string reference)
    {
        lock (_lock)
        {
            return reference.Contains(':')
                ? _artifacts.FirstOrDefault(a => a.Repository == repository && a.Digest == reference)
                : FindTag(repository, reference)?.Artifact;
        }
    }

    public TagRecord? FindTag(RepositoryRecord repository, string tag)
    {
        lock (_lock) return _tags.FirstOrDefault(t => t.Repository == repository && t.Name == tag);
    }

    public IReadOnlyList<ArtifactRecord> Artifacts(RepositoryRecord repository)
    {
        lock (_lock) return _artifacts.Where(a => a.Repository == repository).ToList();
    }

    public IReadOnlyList<TagRecord> Tags(ArtifactRecord artifact)
    {
        lock (_lock) return _tags.Where(t => t.Artifact == artifact).OrderBy(t => t.Id).ToList();
    }

    public IReadOnlyList<TagRecord> Tags(RepositoryRecord repository)
    {
        lock (_lock) return _tags.Where(t => t.Repository == repository).ToList();
    }

    public IReadOnlyList<ArtifactRecord> Accessories(ArtifactRecord subject)
    {
        lock (_lock) return _artifacts.Where(a => a.Repository == subject.Repository && a.SubjectDigest == subject.Digest).ToList();
    }

    /// <summary>Lists hide untagged index children unless `q=base=*`, and accessories always
    /// (docs/harbor.md#artifacts, `dao.go`).</summary>
    public bool IsListed(ArtifactRecord artifact, bool includeChildren)
    {
        lock (_lock)
        {
            if (artifact.IsAccessory) return false;
            if (includeChildren || _tags.Any(t => t.Artifact == artifact)) return true;
            return !_artifacts.Any(a => a.Repository == artifact.Repository && a.Children.Any(c => c.Child == artifact));
        }
    }

    /// <summary>`artifact.Ensure` after the registry answered 201: the artifact row, its references and the tag, which
    /// moves if it pointed elsewhere (docs/harbor.md#manifest-pushes). Returns the digest of a child Harbor does not
    /// know, the case where the client gets 404 although the registry stored the manifest.</summary>
    public (ArtifactRecord? Artifact, string? MissingChild) RecordManifest(RepositoryRecord repository, ManifestDocument manifest, string? tag)
    {
        lock (_lock)
        {
            var children = new List<ArtifactChild>();
            foreach (var descriptor in manifest.Manifests)
            {
                var child = _artifacts.FirstOrDefault(a => a.Repository == repository && a.Digest == descriptor.Digest);
                if (child is null) return (null, descriptor.Digest);
                children.Add(new ArtifactChild(child, descriptor.Platform, descriptor.Annotations, descriptor.Urls));
            }
            var artifact = _artifacts.FirstOrDefault(a => a.Repository == repository && a.Digest == manifest.Digest);
            if (artifact is null)
            {
                artifact = NewArtifact(repository, manifest, children);
                _artifacts.Add(artifact);
            }
            RecordBlob(repository.Project, manifest.Digest, manifest.Bytes.Length);
            foreach (var blob in manifest.References.Except(manifest.Manifests).Where(d => !d.IsForeign))
                RecordBlob(repository.Project, blob.Digest, blob.Size);
            if (tag is not null) Tag(repository, artifact, tag);
            repository.UpdateTime = Now;
            return (artifact, null);
        }
    }

    public void DeleteTag(TagRecord tag)
    {
        lock (_lock) _tags.Remove(tag);
    }

    public void DeleteArtifact(ArtifactRecord artifact)
    {
        lock (_lock)
        {
            _tags.RemoveAll(t => t.Artifact == artifact);
            _artifacts.Remove(artifact);
        }
    }

    private ArtifactRecord NewArtifact(RepositoryRecord repository, ManifestDocument manifest, List<ArtifactChild> children)
    {
        var size = manifest.IsIndex
            ? manifest.Bytes.Length + children.Sum(c => c.Child.Size)
            : manifest.Bytes.Length + manifest.References.Sum(d => d.Size);
        var artifact = new ArtifactRecord(++_artifactIds, repository, manifest.Digest)
        {
            ManifestMediaType = manifest.MediaType,
            MediaType = manifest.ArtifactMediaType,
            ArtifactType = manifest.ArtifactType ?? (manifest.IsIndex ? null : manifest.Config?.MediaType),
            Type = MediaTypes.ArtifactKind(manifest.MediaType, manifest.Config?.MediaType),
            Size = size,
            ManifestSize = manifest.Bytes.Length,
            PushTime = Now,
            Annotations = manifest.Annotations,
            Children = children,
        };
        if (manifest.Subject is { } subject)
        {
            // OCI 1.1 referrers are recorded as accessories of their subject (docs/harbor.md#manifest-pushes).
            artifact.SubjectDigest = subject.Digest;
            artifact.AccessoryType = (manifest.ArtifactType ?? manifest.Config?.MediaType) switch
            {
                MediaTypes.CosignSignature => "signature.cosign",
                MediaTypes.NotationSignature => "signature.notation",
                MediaTypes.HarborSbom => "harbor.sbom",
                _ => "subject.accessory",
            };
        }
        return artifact;
    }

    private void Tag(RepositoryRecord repository, ArtifactRecord artifact, string name)
    {
        var tag = _tags.FirstOrDefault(t => t.Repository == repository && t.Name == name);
        if (tag is null)
        {
            tag = new TagRecord(++_tagIds, repository, name) { Artifact = artifact };
            _tags.Add(tag);
        }
        tag.Artifact = artifact;
        tag.PushTime = Now;
        // Cosign's `sha256-<hex>.sig` tag makes the artifact a signature of that digest
        // (docs/harbor.md#manifest-pushes).
        if (CosignSignatureTag.Match(name) is { Success: true } match && artifact.SubjectDigest is null
            && _artifacts.Any(a => a.Repository == repository && a.Digest == "sha256:" + match.Groups[1].Value))
        {
            artifact.SubjectDigest = "sha256:" + match.Groups[1].Value;
            artifact.AccessoryType = "signature.cosign";
        }
    }
}
