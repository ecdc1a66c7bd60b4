using Microsoft.EntityFrameworkCore;
using Web.Data;

namespace Web.Features.Access;

/// <summary>Creates, lists, revokes and checks API tokens. <c>DASHBOARD_API_TOKEN</c> seeds one on a fresh install.</summary>
public sealed class ApiTokenService(IDbContextFactory<DashboardDbContext> databases, IConfiguration configuration, TimeProvider clock,
    ILogger<ApiTokenService> logger)
{
    public const string Prefix = "rhd_";
    public const string SeededName = "DASHBOARD_API_TOKEN";

    public async Task SeedFromEnvironmentAsync(CancellationToken cancellationToken = default)
    {
        var token = configuration["DASHBOARD_API_TOKEN"];
        if (string.IsNullOrEmpty(token)) return;
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        // Fresh install only: once any token exists (or was revoked), Settings is where tokens are managed.
        if (await db.ApiTokens.AnyAsync(cancellationToken)) return;
        db.ApiTokens.Add(NewEntity(SeededName, token));
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("API token seeded from DASHBOARD_API_TOKEN");
    }

    /// <summary>Creates a token; the returned string is the only time it is ever visible.</summary>
    public async Task<(ApiTokenEntity Token, string Secret)> CreateAsync(string name, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("give the token a name, such as the script that will use it");
        var secret = SecretToken.New(Prefix);
        var entity = NewEntity(name.Trim(), secret);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        db.ApiTokens.Add(entity);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("API token {TokenName} created", entity.Name);
        return (entity, secret);
    }

    public async Task<IReadOnlyList<ApiTokenEntity>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.ApiTokens.AsNoTracking().OrderBy(t => t.RevokedAt != null).ThenByDescending(t => t.Id).ToListAsync(cancellationToken);
    }

    public async Task RevokeAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        await db.ApiTokens.Where(t => t.Id == id && t.RevokedAt == null).ExecuteUpdateAsync(u => u.SetProperty(t => t.RevokedAt, now), cancellationToken);
        logger.LogInformation("API token {TokenId} revoked", id);
    }

    /// <summary>The live token with this secret, or null.</summary>
    public async Task<ApiTokenEntity?> FindAsync(string secret, CancellationToken cancellationToken = default)
    {
        var hash = SecretToken.Hash(secret);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var token = await db.ApiTokens.SingleOrDefaultAsync(t => t.TokenHash == hash && t.RevokedAt == null, cancellationToken);
        if (token is null) return null;
        // Last use to the minute is enough for a person deciding which token to revoke, and spares a write per call.
        var now = clock.GetUtcNow();
        if (token.LastUsedAt is null || now - token.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            token.LastUsedAt = now;
            await db.SaveChangesAsync(cancellationToken);
        }
        return token;
    }

    /// <summary>Whether the token is still there and not revoked: a connection opened with it lasts only that long.</summary>
    public async Task<bool> IsLiveAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.ApiTokens.AnyAsync(t => t.Id == id && t.RevokedAt == null, cancellationToken);
    }

    private ApiTokenEntity NewEntity(string name, string secret) => new()
    {
        Name = name,
        TokenHash = SecretToken.Hash(secret),
        Hint = "…" + secret[^4..],
        CreatedAt = clock.GetUtcNow(),
    };
}
