namespace HarborDouble.State;

/// <summary>A local (db_auth) user.</summary>
internal sealed record UserRecord(long Id, string Name, string Password, bool SysAdmin, DateTimeOffset CreationTime)
{
    public string Email => $"{Name}@example.com";
}
