namespace HarborDouble.Api.Models;

/// <summary>swagger `Permission`.</summary>
internal sealed record PermissionJson(string Resource, string Action);
