namespace HarborDouble.Api.Models;

/// <summary>swagger `UserResp` (docs/harbor.md#bad-credentials); the two flags are always written.</summary>
internal sealed record UserRespJson(
    string Email,
    string Realname,
    string? Comment,
    long UserId,
    string Username,
    bool SysadminFlag,
    bool AdminRoleInAuth,
    string CreationTime,
    string UpdateTime);
