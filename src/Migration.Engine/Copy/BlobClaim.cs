namespace Migration.Engine.Copy;

/// <summary>The answer to a claim: this run uploads (<see cref="Won"/>), or the blob is already placed at
/// <see cref="Location"/>, or (neither) another run holds the claim and is uploading it now.</summary>
public sealed record BlobClaim(bool Won, string? Location)
{
    public static readonly BlobClaim Mine = new(true, null);

    public static readonly BlobClaim HeldElsewhere = new(false, null);

    public static BlobClaim PlacedAt(string repository) => new(false, repository);
}
