namespace Migration.Engine.Harbor;

/// <summary>Who the credentials belong to, as Harbor sees them.</summary>
public sealed record HarborIdentity(string Name, bool IsRobot, bool IsSystemAdmin)
{
    /// <summary>Harbor names robots <c>robot$name</c> (system) or <c>robot$project+name</c> (project level).</summary>
    public static bool IsRobotName(string? user) => user?.StartsWith("robot$", StringComparison.Ordinal) == true;

    /// <summary>Project-level robots can never create projects (docs/harbor.md#robot-accounts).</summary>
    public bool IsProjectRobot => IsRobot && Name.Contains('+');
}
