namespace HarborDouble.State;

/// <summary>A project row with its metadata, members, rules and quota. Mutable, guarded by the store's lock.</summary>
internal sealed class ProjectRecord(long id, string name, UserRecord owner, DateTimeOffset creationTime)
{
    public long Id { get; } = id;
    public string Name { get; } = name;
    public UserRecord Owner { get; } = owner;
    public DateTimeOffset CreationTime { get; } = creationTime;
    public DateTimeOffset UpdateTime { get; set; } = creationTime;

    /// <summary>Non-null and above 0 means a proxy-cache project (docs/harbor.md#proxy-cache-projects).</summary>
    public long? RegistryId { get; init; }

    /// <summary>All values are strings, and only keys that were set appear (docs/harbor.md#listing-projects).</summary>
    public Dictionary<string, string> Metadata { get; } = new(StringComparer.Ordinal);

    /// <summary>User ids of members; the creator is a project admin.</summary>
    public HashSet<long> Members { get; } = [];

    public List<ImmutableRule> ImmutableRules { get; } = [];

    /// <summary>Storage hard limit in bytes; -1 is unlimited.</summary>
    public long StorageLimit { get; set; } = -1;

    /// <summary>Blobs (layers, configs, manifests) associated with the project, with their sizes: the quota's usage.</summary>
    public Dictionary<string, long> Blobs { get; } = new(StringComparer.Ordinal);

    /// <summary>Bytes reserved by requests in flight, counted against the limit like Harbor's Redis reservations.</summary>
    public long Reserved { get; set; }

    public long Used => Blobs.Values.Sum();

    public bool IsPublic => Metadata.TryGetValue("public", out var value) && value == "true";

    public bool IsProxyCache => RegistryId is > 0;

    public bool MetadataIs(string key, string value) => Metadata.TryGetValue(key, out var v) && v == value;
}
