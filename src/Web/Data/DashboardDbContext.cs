using Microsoft.EntityFrameworkCore;

namespace Web.Data;

public sealed class DashboardDbContext(DbContextOptions<DashboardDbContext> options) : DbContext(options)
{
    public DbSet<ConnectionEntity> Connections => Set<ConnectionEntity>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ConnectionEntity>(e =>
        {
            e.HasIndex(c => c.Name).IsUnique();
            e.Property(c => c.Role).HasConversion<string>();
            // SQLite cannot order by DateTimeOffset; store it as ticks-based text that sorts.
            e.Property(c => c.CreatedAt).HasConversion(v => v.UtcDateTime, v => new DateTimeOffset(v, TimeSpan.Zero));
        });
    }
}
