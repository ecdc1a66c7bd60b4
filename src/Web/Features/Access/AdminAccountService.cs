using Microsoft.EntityFrameworkCore;
using Web.Data;

namespace Web.Features.Access;

/// <summary>
/// The admin sign-in. The password comes from <c>DASHBOARD_ADMIN_PASSWORD</c> when set (its hash is refreshed at start
/// if it changed), otherwise the first visitor of the sign-in page sets it. Only the hash is stored. Every change of
/// password, and every sign-out, gives the account a new <see cref="SecurityStamp"/>, which ends its open sessions.
/// </summary>
public sealed class AdminAccountService(IDbContextFactory<DashboardDbContext> databases, IConfiguration configuration, ILogger<AdminAccountService> logger)
{
    public const string UserName = "admin";
    public const int MinimumPasswordLength = 8;

    public async Task SeedFromEnvironmentAsync(CancellationToken cancellationToken = default)
    {
        var password = configuration["DASHBOARD_ADMIN_PASSWORD"];
        if (string.IsNullOrEmpty(password)) return;
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var account = await db.AdminAccounts.SingleOrDefaultAsync(a => a.UserName == UserName, cancellationToken);
        if (account is not null && AdminPasswordHash.Verify(password, account.PasswordHash)) return;
        if (account is null) db.AdminAccounts.Add(account = new AdminAccountEntity { UserName = UserName, PasswordHash = "" });
        account.PasswordHash = AdminPasswordHash.Create(password);
        account.SecurityStamp = SecurityStamp.New();
        account.UpdatedAt = DateTimeOffset.UtcNow;
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("admin password set from DASHBOARD_ADMIN_PASSWORD");
    }

    public async Task<bool> IsSetUpAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.AdminAccounts.AnyAsync(cancellationToken);
    }

    /// <summary>First run only: sets the password when none exists yet. False when one already does.</summary>
    public async Task<bool> SetUpAsync(string password, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        if (await db.AdminAccounts.AnyAsync(cancellationToken)) return false;
        db.AdminAccounts.Add(new AdminAccountEntity
        {
            UserName = UserName, PasswordHash = AdminPasswordHash.Create(password), SecurityStamp = SecurityStamp.New(), UpdatedAt = DateTimeOffset.UtcNow,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return false; // Someone else set it up at the same moment; the unique user name let only one win.
        }
        logger.LogInformation("admin password set on first run");
        return true;
    }

    public async Task<bool> VerifyAsync(string userName, string password, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var account = await db.AdminAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.UserName == userName, cancellationToken);
        return account is not null && AdminPasswordHash.Verify(password, account.PasswordHash);
    }

    public async Task<bool> ChangePasswordAsync(string current, string replacement, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var account = await db.AdminAccounts.SingleOrDefaultAsync(a => a.UserName == UserName, cancellationToken);
        if (account is null || !AdminPasswordHash.Verify(current, account.PasswordHash)) return false;
        account.PasswordHash = AdminPasswordHash.Create(replacement);
        account.SecurityStamp = SecurityStamp.New();
        account.UpdatedAt = DateTimeOffset.UtcNow;
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("admin password changed; every open session of {User} ends", UserName);
        return true;
    }

    /// <summary>The stamp sessions of this user must carry to stay open; null when there is no such user.</summary>
    public async Task<string?> CurrentStampAsync(string userName, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.AdminAccounts.Where(a => a.UserName == userName).Select(a => a.SecurityStamp).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>Sign-out: every session of the user ends, in every browser, not only the cookie of the one that asked.</summary>
    public async Task EndSessionsAsync(string userName, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var stamp = SecurityStamp.New();
        await db.AdminAccounts.Where(a => a.UserName == userName).ExecuteUpdateAsync(u => u.SetProperty(a => a.SecurityStamp, stamp), cancellationToken);
        logger.LogInformation("{User} signed out; every open session ends", userName);
    }
}
