namespace HarborDouble.Api.Models;

/// <summary>swagger `ProjectSummary`: `quota.hard.storage` and `quota.used.storage` in bytes, -1 unlimited
/// (docs/harbor.md#project-existence).</summary>
internal sealed record ProjectSummaryJson(int RepoCount, int? ProjectAdminCount, int? DeveloperCount, QuotaJson Quota);
