namespace HarborDouble;

/// <summary>A project's storage quota in bytes: <see cref="Hard"/> -1 is unlimited.</summary>
public sealed record ProjectQuota(long Hard, long Used);
