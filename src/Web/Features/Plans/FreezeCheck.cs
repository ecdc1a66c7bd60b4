namespace Web.Features.Plans;

/// <summary>Whether the source refuses pushes: proven by asking an HTTP source, confirmed by a person for a storage
/// folder (nothing here can see who else writes into it).</summary>
public sealed record FreezeCheck(bool Frozen, bool Proven, string Detail)
{
    /// <summary>How to freeze a registry:2, shown on the cutover page.</summary>
    public const string HowTo = "Set storage.maintenance.readonly.enabled: true in the registry's config.yml " +
                                "(or REGISTRY_STORAGE_MAINTENANCE_READONLY='{\"enabled\":true}') and restart it: pulls go on, every push is refused.";
}
