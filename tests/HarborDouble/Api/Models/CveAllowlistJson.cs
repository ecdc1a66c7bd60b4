namespace HarborDouble.Api.Models;

/// <summary>swagger `CVEAllowlist`.</summary>
internal sealed record CveAllowlistJson(long Id, long ProjectId, IReadOnlyList<object> Items, string CreationTime, string UpdateTime);
