namespace Migration.Engine.Registry;

/// <summary>An open blob upload. <see cref="Location"/> is opaque and changes after every PATCH
/// (distribution signs the offset into <c>_state</c>), so always use the latest one.</summary>
public sealed record UploadSession(string Repository, Uri Location, long Offset);

/// <summary>What a mount request did: mounted, or opened an ordinary upload session instead.</summary>
public sealed record MountResult(bool Mounted, UploadSession? Session);
