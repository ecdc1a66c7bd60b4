namespace HarborDouble.Security;

/// <summary>Who a request runs as: Harbor's security context (docs/harbor.md#robot-accounts).</summary>
internal sealed record Principal(PrincipalKind Kind, string Name)
{
    public static readonly Principal Anonymous = new(PrincipalKind.Anonymous, "anonymous");

    public UserRecord? User { get; init; }
    public RobotRecord? Robot { get; init; }
    public IReadOnlyList<TokenAccess> Access { get; init; } = [];

    /// <summary>An anonymous token (empty `sub`) authenticates nobody.</summary>
    public bool IsAuthenticated => Kind != PrincipalKind.Anonymous && !(Kind == PrincipalKind.Token && Name.Length == 0);
    public bool IsSysAdmin => User?.SysAdmin == true;

    public static Principal ForUser(UserRecord user) => new(PrincipalKind.User, user.Name) { User = user };
    public static Principal ForRobot(RobotRecord robot) => new(PrincipalKind.Robot, robot.FullName) { Robot = robot };
}
