using Migration.Engine.Oci;

namespace Migration.Engine.Copy;

/// <summary>One blob an image needs in its target repository. <see cref="Image"/> names the image in events.</summary>
internal sealed record BlobRequest(string SourceRepository, string TargetRepository, string Image, Descriptor Blob);
