namespace HarborDouble.Security;

internal enum PrincipalKind
{
    Anonymous,
    User,
    Robot,
    /// <summary>A `/v2` bearer token issued by the double's token service.</summary>
    Token,
}
