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
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var entity = await DraftAsync(db, form, null, cancellationToken);
        entity.CreatedAt = DateTimeOffset.UtcNow;
        db.Connections.Add(entity);
        await db.SaveChangesAsync(cancellationToken);
        return Summary(entity);
    }

    /// <summary>Saves the edited fields. An empty password keeps the saved one: the page never had it to send back.</summary>
    public async Task<ConnectionSummary> UpdateAsync(int id, ConnectionForm form, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var entity = await db.Connections.SingleOrDefaultAsync(c => c.Id == id, cancellationToken)
            ?? throw new KeyNotFoundException($"connection {id} does not exist");
        var edited = await DraftAsync(db, form, id, cancellationToken);
        (entity.Name, entity.Role, entity.Location, entity.Username, entity.ProtectedPassword, entity.Insecure, entity.CaCertificatePem) =
            (edited.Name, edited.Role, edited.Location, edited.Username, edited.ProtectedPassword, edited.Insecure, edited.CaCertificatePem);
        await db.SaveChangesAsync(cancellationToken);
        return Summary(entity);
    }

    /// <summary>A saved connection's fields for the edit dialog, without its secret.</summary>
    public async Task<ConnectionForm> GetFormAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var c = await db.Connections.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken)
            ?? throw new KeyNotFoundException($"connection {id} does not exist");
        return new ConnectionForm
        {
            Name = c.Name, Role = c.Role, Location = c.Location, Username = c.Username, Insecure = c.Insecure, CaCertificatePem = c.CaCertificatePem,
        };
    }

    /// <summary>The form as it would be saved (new, or over connection <paramref name="id"/>), opened but not stored, so
    /// the dialog can check it before saving.</summary>
    public async Task<(ConnectionEntity Entity, RegistryConnection? Registry)> OpenDraftAsync(ConnectionForm form, int? id,
        CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return Open(await DraftAsync(db, form, id, cancellationToken));
    }

    /// <summary>The checked, trimmed form as an entity; unsaved. Refuses what can never work with an ArgumentException.</summary>
    private async Task<ConnectionEntity> DraftAsync(DashboardDbContext db, ConnectionForm form, int? id, CancellationToken cancellationToken)
    {
        var name = form.Name.Trim();
        var location = form.Location.Trim();
        if (form.Role == ConnectionRole.Target && !location.StartsWith("http", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException("a Harbor target is an http(s):// URL");
        if (S3Location.IsS3(location))
        {
            try { _ = S3Location.Parse(location); }
            catch (SourceException ex) { throw new ArgumentException(ex.Message); }
        }
        if (await db.Connections.AnyAsync(c => c.Name == name && c.Id != id, cancellationToken))
            throw new ArgumentException($"a connection named '{name}' already exists");
        var savedPassword = id is null ? null
            : await db.Connections.Where(c => c.Id == id).Select(c => c.ProtectedPassword).SingleAsync(cancellationToken);
        return new ConnectionEntity
        {
            Id = id ?? 0,
            Name = name,
            Role = form.Role,
            Location = location,
            Username = string.IsNullOrWhiteSpace(form.Username) ? null : form.Username.Trim(),
            ProtectedPassword = string.IsNullOrEmpty(form.Password) ? savedPassword : secrets.Protect(form.Password),
            Insecure = form.Insecure,
            CaCertificatePem = string.IsNullOrWhiteSpace(form.CaCertificatePem) ? null : form.CaCertificatePem,
        };
    }

    /// <summary>Deletes a connection no plan and no unfinished migration uses; otherwise throws
    /// <see cref="ConnectionInUseException"/> naming them. Finished migrations keep its name in their reports.</summary>
    public async Task DeleteAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var name = await db.Connections.Where(c => c.Id == id).Select(c => c.Name).SingleOrDefaultAsync(cancellationToken);
        if (name is null) return;
        var plans = await db.Plans.Where(p => p.SourceId == id || p.TargetId == id).OrderBy(p => p.Id)
            .Select(p => $"plan '{p.Name}'").ToListAsync(cancellationToken);
        var runs = await db.Migrations.Where(m => (m.SourceId == id || m.TargetId == id) && (m.Status == JobStatus.Queued || m.Status == JobStatus.Running))
            .OrderBy(m => m.Id).Select(m => $"migration #{m.Id} ({m.Status})").ToListAsync(cancellationToken);
        if (plans.Count + runs.Count > 0)
        {
            var steps = (plans.Count > 0 ? ["delete the plans"] : Array.Empty<string>())
                .Concat(runs.Count > 0 ? ["let the migrations end (or cancel them)"] : Array.Empty<string>());
            throw new ConnectionInUseException($"'{name}' is used by {string.Join(", ", plans.Concat(runs))}: {string.Join(" and ", steps)} first");
        }
        await db.Connections.Where(c => c.Id == id).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>The stored connection with its secret, for the engine. Never hand this to a page.</summary>
    public async Task<(ConnectionEntity Entity, RegistryConnection? Registry)> OpenAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var entity = await db.Connections.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken)
            ?? throw new KeyNotFoundException($"connection {id} does not exist");
        return Open(entity);
    }

    private (ConnectionEntity Entity, RegistryConnection? Registry) Open(ConnectionEntity entity)
    {
        if (!entity.Location.StartsWith("http", StringComparison.OrdinalIgnoreCase)) return (entity, null);
        var registry = RegistryConnection.FromUrl(entity.Location) with
        {
            Username = entity.Username,
            Password = secrets.Unprotect(entity.ProtectedPassword),
            Insecure = entity.Insecure,
            CaFile = entity.CaCertificatePem is null ? null : CaFile(entity),
            LoginHint = $"edit the connection '{entity.Name}' on the Connections page and give its username and password",
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
        // Named by its content: every check of a draft and every job of a connection with the same certificate shares one
        // file, instead of leaving one more in /tmp per check. Written beside and moved, so a reader never sees half.
        var pem = entity.CaCertificatePem!;
        var name = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(pem)))[..32];
        var path = Path.Combine(Path.GetTempPath(), $"dashboard-ca-{name}.pem");
        if (File.Exists(path)) return path;
        var partial = $"{path}.{Guid.NewGuid():N}";
        File.WriteAllText(partial, pem);
        File.Move(partial, path, overwrite: true);
        return path;
    }

    private static ConnectionSummary Summary(ConnectionEntity c) =>
        new(c.Id, c.Name, c.Role, c.Location, c.Username, c.ProtectedPassword is not null, c.Insecure);
}
