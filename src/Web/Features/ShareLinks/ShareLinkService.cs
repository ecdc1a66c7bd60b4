using Microsoft.EntityFrameworkCore;
using Web.Data;
using Web.Features.Access;

namespace Web.Features.ShareLinks;

/// <summary>
/// Read-only links to one migration's progress. The token is 256 random bits; only its SHA-256 is stored, so the
/// database alone cannot be turned back into working links.
/// </summary>
public sealed class ShareLinkService(IDbContextFactory<DashboardDbContext> databases, TimeProvider clock, ILogger<ShareLinkService> logger)
{
    public const string Prefix = "s_";

    /// <summary>Creates a link; the returned token is the only time it is visible.</summary>
    public async Task<(ShareLinkEntity Link, string Token)> CreateAsync(int migrationId, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        if (!await db.Migrations.AnyAsync(m => m.Id == migrationId, cancellationToken))
            throw new KeyNotFoundException($"migration {migrationId} does not exist");
        var token = SecretToken.New(Prefix);
        var link = new ShareLinkEntity { MigrationId = migrationId, TokenHash = SecretToken.Hash(token), CreatedAt = clock.GetUtcNow() };
        db.ShareLinks.Add(link);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("migration {MigrationId}: share link {ShareLinkId} created", migrationId, link.Id);
        return (link, token);
    }

    public async Task<IReadOnlyList<ShareLinkEntity>> ListAsync(int migrationId, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.ShareLinks.AsNoTracking().Where(l => l.MigrationId == migrationId && l.RevokedAt == null).OrderBy(l => l.Id)
            .ToListAsync(cancellationToken);
    }

    public async Task<bool> RevokeAsync(int linkId, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var revoked = await db.ShareLinks.Where(l => l.Id == linkId && l.RevokedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(l => l.RevokedAt, now), cancellationToken);
        if (revoked > 0) logger.LogInformation("share link {ShareLinkId} revoked", linkId);
        return revoked > 0;
    }

    public async Task<ShareHosts?> HostsAsync(int migrationId, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var migration = await db.Migrations.AsNoTracking().SingleOrDefaultAsync(m => m.Id == migrationId, cancellationToken);
        if (migration is null) return null;
        var locations = await db.Connections.AsNoTracking().Where(c => c.Id == migration.SourceId || c.Id == migration.TargetId)
            .ToDictionaryAsync(c => c.Id, c => c.Location, cancellationToken);
        string Host(int id) => locations.TryGetValue(id, out var location) ? ShareHosts.HostOf(location) : "a removed connection";
        return new ShareHosts(Host(migration.SourceId), Host(migration.TargetId));
    }

    /// <summary>The migration a live token shows, or null for an unknown or revoked one.</summary>
    public async Task<int?> ResolveAsync(string token, CancellationToken cancellationToken = default)
    {
        if (!token.StartsWith(Prefix, StringComparison.Ordinal) || token.Length > 100) return null;
        var hash = SecretToken.Hash(token);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.ShareLinks.Where(l => l.TokenHash == hash && l.RevokedAt == null).Select(l => (int?)l.MigrationId)
            .SingleOrDefaultAsync(cancellationToken);
    }
}
