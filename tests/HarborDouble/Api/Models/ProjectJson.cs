namespace HarborDouble.Api.Models;

/// <summary>swagger `Project` (docs/harbor.md#listing-projects). Null members are the ones go-swagger leaves out when
/// empty.</summary>
internal sealed record ProjectJson(
    long ProjectId,
    long OwnerId,
    string Name,
    long? RegistryId,
    string CreationTime,
    string UpdateTime,
    bool? Deleted,
    string OwnerName,
    bool? Togglable,
    int? CurrentUserRoleId,
    IReadOnlyList<int>? CurrentUserRoleIds,
    int RepoCount,
    IReadOnlyDictionary<string, string> Metadata,
    CveAllowlistJson CveAllowlist);
