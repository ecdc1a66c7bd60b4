using Microsoft.EntityFrameworkCore;
using Migration.Engine.Registry;
using Migration.Engine.Sources;
using Web.Data;

namespace Web.Features.Connections;

/// <summary>Saved sources and targets. Pages get <see cref="ConnectionSummary"/>s; only engine-facing code on the
/// server gets a <see cref="RegistryConnection"/> with the decrypted password.</summary>
public sealed class ConnectionService(IDbContextFactory<DashboardDbContext> databases, SecretProtector secrets)
{
    public async Task<IReadOnlyList<ConnectionSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var rows = await db.Connections.AsNoTracking().OrderBy(c => c.Role).ThenBy(c => c.Name).ToListAsync(cancellationToken);
        return rows.Select(Summary).ToList();
    }

    public async Task<ConnectionSummary> AddAsync(ConnectionForm form, CancellationToken cancellationToken = default)
    {
        var location = form.Location.Trim();
        if (form.Role == ConnectionRole.Target && !location.StartsWith("http", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException("a Harbor target is an http(s):// URL");
        if (S3Location.IsS3(location))
        {
            try { _ = S3Location.Parse(location); }
            catch (SourceException ex) { throw new ArgumentException(ex.Message); }
        }
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        if (await db.Connections.AnyAsync(c => c.Name == form.Name.Trim(), cancellationToken))
            throw new ArgumentException($"a connection named '{form.Name.Trim()}' already exists");
        var entity = new ConnectionEntity
        {
            Name = form.Name.Trim(),
            Role = form.Role,
            Location = location,
            Username = string.IsNullOrWhiteSpace(form.Username) ? null : form.Username.Trim(),
            ProtectedPassword = secrets.Protect(form.Password),
            Insecure = form.Insecure,
            CaCertificatePem = string.IsNullOrWhiteSpace(form.CaCertificatePem) ? null : form.CaCertificatePem,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Connections.Add(entity);
        await db.SaveChangesAsync(cancellationToken);
        return Summary(entity);
    }

    public async Task DeleteAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await db.Connections.Where(c => c.Id == id).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>The stored connection with its secret, for the engine. Never hand this to a page.</summary>
    public async Task<(ConnectionEntity Entity, RegistryConnection? Registry)> OpenAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var entity = await db.Connections.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken)
            ?? throw new KeyNotFoundException($"connection {id} does not exist");
        if (!entity.Location.StartsWith("http", StringComparison.OrdinalIgnoreCase)) return (entity, null);
        var registry = RegistryConnection.FromUrl(entity.Location) with
        {
            Username = entity.Username,
            Password = secrets.Unprotect(entity.ProtectedPassword),
            Insecure = entity.Insecure,
            CaFile = entity.CaCertificatePem is null ? null : CaFile(entity),
        };
        return (entity, registry);
    }

    /// <summary>The source a stored connection names, with its secret: a bucket's keys are the connection's user and
    /// password (else the AWS_* environment), a registry's login its own.</summary>
    public IImageSource OpenSource(ConnectionEntity entity, RegistryConnection? registry)
    {
        if (!S3Location.IsS3(entity.Location)) return ImageSourceFactory.Open(entity.Location, registry);
        var bucket = S3Location.Parse(entity.Location);
        return ImageSourceFactory.Open(bucket with
        {
            AccessKey = entity.Username ?? bucket.AccessKey,
            SecretKey = secrets.Unprotect(entity.ProtectedPassword) ?? bucket.SecretKey,
        });
    }

    private static string CaFile(ConnectionEntity entity)
    {
        var path = Path.Combine(Path.GetTempPath(), $"dashboard-ca-{entity.Id}.pem");
        File.WriteAllText(path, entity.CaCertificatePem);
        return path;
    }

    private static ConnectionSummary Summary(ConnectionEntity c) =>
        new(c.Id, c.Name, c.Role, c.Location, c.Username, c.ProtectedPassword is not null, c.Insecure);
}
