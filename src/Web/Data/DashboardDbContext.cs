using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Web.Data;

public sealed class DashboardDbContext(DbContextOptions<DashboardDbContext> options) : DbContext(options)
{
    public DbSet<ConnectionEntity> Connections => Set<ConnectionEntity>();

    public DbSet<ScanEntity> Scans => Set<ScanEntity>();

    public DbSet<ScanRepositoryEntity> ScanRepositories => Set<ScanRepositoryEntity>();

    public DbSet<ScanImageEntity> ScanImages => Set<ScanImageEntity>();

    public DbSet<ScanBlobEntity> ScanBlobs => Set<ScanBlobEntity>();

    public DbSet<ScanProblemEntity> ScanProblems => Set<ScanProblemEntity>();

    public DbSet<MappingEntity> Mappings => Set<MappingEntity>();

    public DbSet<MigrationEntity> Migrations => Set<MigrationEntity>();

    public DbSet<MigrationRepositoryEntity> MigrationRepositories => Set<MigrationRepositoryEntity>();

    public DbSet<MigrationWorkerLinkEntity> MigrationWorkerLinks => Set<MigrationWorkerLinkEntity>();

    public DbSet<BlobLocationEntity> BlobLocations => Set<BlobLocationEntity>();

    public DbSet<AdminAccountEntity> AdminAccounts => Set<AdminAccountEntity>();

    public DbSet<ApiTokenEntity> ApiTokens => Set<ApiTokenEntity>();

    public DbSet<ShareLinkEntity> ShareLinks => Set<ShareLinkEntity>();

    public DbSet<SyncPlanEntity> Plans => Set<SyncPlanEntity>();

    // SQLite cannot order or compare DateTimeOffset; every timestamp is stored as UTC DateTime text, which sorts.
    private static readonly ValueConverter<DateTimeOffset, DateTime> UtcTime = new(v => v.UtcDateTime, v => new DateTimeOffset(v, TimeSpan.Zero));

    private static readonly ValueConverter<DateTimeOffset?, DateTime?> OptionalUtcTime =
        new(v => v.HasValue ? v.Value.UtcDateTime : null, v => v.HasValue ? new DateTimeOffset(v.Value, TimeSpan.Zero) : null);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ConnectionEntity>(e =>
        {
            e.HasIndex(c => c.Name).IsUnique();
            e.Property(c => c.Role).HasConversion<string>();
            e.Property(c => c.CreatedAt).HasConversion(UtcTime);
        });
        modelBuilder.Entity<ScanEntity>(e =>
        {
            e.Property(s => s.Status).HasConversion<string>();
            e.Property(s => s.CreatedAt).HasConversion(UtcTime);
            e.Property(s => s.FinishedAt).HasConversion(OptionalUtcTime);
            e.HasIndex(s => s.ConnectionId);
        });
        modelBuilder.Entity<ScanRepositoryEntity>(e => e.HasIndex(r => new { r.ScanId, r.Name }));
        modelBuilder.Entity<ScanImageEntity>(e =>
        {
            e.HasIndex(i => new { i.ScanId, i.Position });
            e.Property(i => i.PushedAt).HasConversion(OptionalUtcTime);
        });
        modelBuilder.Entity<ScanBlobEntity>(e => e.HasKey(b => new { b.ScanId, b.Digest }));
        modelBuilder.Entity<ScanProblemEntity>(e => e.HasIndex(p => p.ScanId));
        modelBuilder.Entity<MigrationEntity>(e =>
        {
            e.Property(m => m.Status).HasConversion<string>();
            e.Property(m => m.CreatedAt).HasConversion(UtcTime);
            e.Property(m => m.FinishedAt).HasConversion(OptionalUtcTime);
            e.HasIndex(m => m.PlanId);
        });
        modelBuilder.Entity<SyncPlanEntity>(e =>
        {
            e.HasIndex(p => p.Name).IsUnique();
            e.Property(p => p.CreatedAt).HasConversion(UtcTime);
            e.Property(p => p.CutoverAt).HasConversion(OptionalUtcTime);
        });
        modelBuilder.Entity<MigrationRepositoryEntity>(e =>
        {
            e.Property(r => r.Status).HasConversion<string>();
            e.HasIndex(r => new { r.MigrationId, r.SourceRepository }).IsUnique();
        });
        modelBuilder.Entity<MigrationWorkerLinkEntity>(e =>
        {
            e.HasKey(l => new { l.MigrationId, l.Worker });
            e.Property(l => l.MeasuredAt).HasConversion(UtcTime);
        });
        modelBuilder.Entity<BlobLocationEntity>(e => e.HasKey(b => new { b.TargetId, b.Digest }));
        modelBuilder.Entity<AdminAccountEntity>(e =>
        {
            e.HasIndex(a => a.UserName).IsUnique();
            e.Property(a => a.UpdatedAt).HasConversion(UtcTime);
        });
        modelBuilder.Entity<ApiTokenEntity>(e =>
        {
            e.HasIndex(t => t.TokenHash).IsUnique();
            e.Property(t => t.CreatedAt).HasConversion(UtcTime);
            e.Property(t => t.LastUsedAt).HasConversion(OptionalUtcTime);
            e.Property(t => t.RevokedAt).HasConversion(OptionalUtcTime);
        });
        modelBuilder.Entity<ShareLinkEntity>(e =>
        {
            e.HasIndex(l => l.TokenHash).IsUnique();
            e.HasIndex(l => l.MigrationId);
            e.Property(l => l.CreatedAt).HasConversion(UtcTime);
            e.Property(l => l.RevokedAt).HasConversion(OptionalUtcTime);
        });
    }
}
