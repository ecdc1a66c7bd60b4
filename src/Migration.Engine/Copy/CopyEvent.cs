using Migration.Engine.Link;
using Migration.Engine.Oci;
using Migration.Engine.Plan;

namespace Migration.Engine.Copy;

/// <summary>What the engine tells its caller while it works. Reported through <see cref="IProgress{T}"/>;
/// a reporter must be cheap and thread-safe, as events come from many transfers at once.</summary>
public abstract record CopyEvent;

/// <summary>The plan is made; nothing has been sent yet.</summary>
public sealed record PlanReady(MigrationPlan Plan) : CopyEvent;

public sealed record ImageStarted(MigrationItem Item) : CopyEvent;

/// <summary>Bytes read from the source and sent to the target. Negative when a failed try is rolled back.</summary>
public sealed record BytesTransferred(Digest Digest, long Bytes) : CopyEvent;

public enum BlobAction { Upload, Mount, Skip }

/// <summary>A blob is now in a target repository. <see cref="Image"/> is the image that asked for it first (a shared
/// blob is placed once per repository, whichever image gets there first).</summary>
public sealed record BlobDone(string Repository, Digest Digest, long Size, BlobAction Action, string? Image = null) : CopyEvent;

public sealed record ImageFinished(ImageOutcome Outcome) : CopyEvent;

/// <summary>An operation failed for a reason that may pass, and will be tried again.</summary>
public sealed record Retrying(string What, int Attempt, string Reason) : CopyEvent;

/// <summary>The link to the target as measured, once a second while a copy runs: rate, requests in flight, the limit
/// the run found, the round trip and the cap.</summary>
public sealed record LinkMeasured(LinkStatus Link) : CopyEvent;
