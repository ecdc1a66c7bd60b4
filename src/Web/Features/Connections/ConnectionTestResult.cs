namespace Web.Features.Connections;

/// <summary>What "Test connection" found, in words a person can act on.</summary>
public sealed record ConnectionTestResult(bool Ok, IReadOnlyList<string> Facts, string? Error = null);
