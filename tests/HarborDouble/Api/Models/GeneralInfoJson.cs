namespace HarborDouble.Api.Models;

/// <summary>swagger `GeneralInfo`: anonymous callers get only the first five members
/// (docs/harbor.md#ping-and-system-info).</summary>
internal sealed record GeneralInfoJson(
    string AuthMode,
    bool PrimaryAuthMode,
    bool SelfRegistration,
    string BannerMessage,
    string OidcProviderName)
{
    public string? HarborVersion { get; init; }
    public string? ExternalUrl { get; init; }
    public string? RegistryUrl { get; init; }
    public bool? ReadOnly { get; init; }
    public string? ProjectCreationRestriction { get; init; }
    public bool? HasCaRoot { get; init; }
    public string? RegistryStorageProviderName { get; init; }
    public bool? NotificationEnable { get; init; }
    public string? CurrentTime { get; init; }
}
