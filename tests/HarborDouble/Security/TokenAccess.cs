namespace HarborDouble.Security;

/// <summary>One `access` claim of a registry token: `{type, name, actions}` (§5.3 "JWT details").</summary>
internal sealed record TokenAccess(string Type, string Name, IReadOnlyList<string> Actions);
