namespace HarborDouble.Api.Models;

/// <summary>swagger `UserResp` (§2.2); the two flags are always written.</summary>
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
