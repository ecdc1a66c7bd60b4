namespace HarborDouble.Tests.Fixtures;

/// <summary>An image manifest whose blobs are pushed, and the size of those blobs.</summary>
public sealed record ImageParts(byte[] Manifest, long BlobBytes)
{
    public string Digest => V2Client.Digest(Manifest);
}
