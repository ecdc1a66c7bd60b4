using Web.Data;

namespace Web.Features.Inventory;

/// <summary>What a running scan tells the pages watching it.</summary>
public sealed record ScanUpdate(int ScanId, JobStatus Status, int RepositoriesDone, int RepositoriesTotal, string? Error = null);
