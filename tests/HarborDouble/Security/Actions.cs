namespace HarborDouble.Security;

/// <summary>Repository actions as the token service grants them (docs/harbor.md#token-service).</summary>
internal static class Actions
{
    public const string Pull = "pull";
    public const string Push = "push";
    public const string Delete = "delete";
    public const string All = "*";

    public static readonly IReadOnlySet<string> None = new HashSet<string>();
    public static readonly IReadOnlySet<string> PullOnly = new HashSet<string> { Pull };
    public static readonly IReadOnlySet<string> PullPush = new HashSet<string> { Pull, Push };
    public static readonly IReadOnlySet<string> Everything = new HashSet<string> { Pull, Push, Delete };
}
