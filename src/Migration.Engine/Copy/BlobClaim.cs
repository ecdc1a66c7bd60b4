using Migration.Engine.Plan;

namespace Migration.Engine.Copy;

/// <summary>The answer to a claim: this run uploads (<see cref="Won"/>), or the blob is already placed at
/// <see cref="Location"/>, or (neither) another run holds the claim and is uploading it now. A claim taken over from
/// a run that died names, in <see cref="UnfinishedUploadIn"/>, the repository that run was uploading into: the blob
/// may have landed there just before it died, and a mount from there costs far less than sending it again.</summary>
public sealed record BlobClaim(bool Won, string? Location, string? UnfinishedUploadIn = null)
{
    public static readonly BlobClaim Mine = new(true, null);

    public static readonly BlobClaim HeldElsewhere = new(false, null);

    public static BlobClaim PlacedAt(string repository) => new(false, repository);

    public static BlobClaim TakenOverFrom(string? repository) => new(true, null, repository);
}
