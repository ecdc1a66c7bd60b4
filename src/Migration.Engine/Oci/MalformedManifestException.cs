namespace Migration.Engine.Oci;

/// <summary>The bytes stored as a manifest are not a manifest we can read: bad JSON, missing fields, bad digests.</summary>
public sealed class MalformedManifestException(string message, Exception? inner = null) : Exception(message, inner);
