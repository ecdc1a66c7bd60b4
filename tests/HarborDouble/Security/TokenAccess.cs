namespace HarborDouble.Security;

/// <summary>One `access` claim of a registry token: `{type, name, actions}` (docs/harbor.md#token-service).</summary>
internal sealed record TokenAccess(string Type, string Name, IReadOnlyList<string> Actions);
