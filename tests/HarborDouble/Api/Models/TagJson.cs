namespace HarborDouble.Api.Models;

/// <summary>swagger `Tag`; `immutable` is always written (x-omitempty false).</summary>
internal sealed record TagJson(long Id, long RepositoryId, long ArtifactId, string Name, string PushTime, string PullTime, bool Immutable);
