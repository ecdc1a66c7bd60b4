namespace HarborDouble.Api.Models;

/// <summary>swagger `ProjectSummaryQuota`: two `ResourceList` maps.</summary>
internal sealed record QuotaJson(IReadOnlyDictionary<string, long> Hard, IReadOnlyDictionary<string, long> Used);
