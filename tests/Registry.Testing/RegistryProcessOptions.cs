namespace Registry.Testing;

/// <summary>How to start a real docker-registry.</summary>
public sealed record RegistryProcessOptions
{
    /// <summary>Turns on htpasswd Basic auth with this one account.</summary>
    public (string User, string Password)? Htpasswd { get; init; }

    /// <summary>Turns on token auth against this issuer, as Harbor's registry does.</summary>
    public TokenIssuer? TokenIssuer { get; init; }

    /// <summary>Reuse a storage folder (a restart, or a source written earlier).</summary>
    public string? StorageRoot { get; init; }

    public int? Port { get; init; }

    /// <summary>Accepts schema1 manifests (<c>compatibility.schema1.enabled</c>), as registries before 2.8 did.</summary>
    public bool AcceptSchema1 { get; init; }

    /// <summary>Accepts manifests with foreign (non-distributable) layers whose blobs it does not hold
    /// (<c>validation.manifests.urls.allow</c>); distribution 2.8 refuses them by default (docs/distribution.md#foreign-layers).</summary>
    public bool AllowForeignLayers { get; init; }

    /// <summary>Frozen for a cutover (<c>storage.maintenance.readonly.enabled</c>): pulls work, every push is refused.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>Keeps the storage in a bucket through distribution's own s3 driver, as production registries do;
    /// <see cref="StorageRoot"/> is then unused.</summary>
    public S3Storage? S3 { get; init; }

    /// <summary>The docker-registry executable (a name on PATH or a path); <see cref="RegistryProcess.Binary"/> when unset.</summary>
    public string? Binary { get; init; }
}

/// <summary>Where an s3-driver registry keeps its layout: <c>s3://Bucket/RootDirectory</c> on <see cref="Endpoint"/>.</summary>
public sealed record S3Storage(Uri Endpoint, string Bucket, string RootDirectory, string AccessKey, string SecretKey);
