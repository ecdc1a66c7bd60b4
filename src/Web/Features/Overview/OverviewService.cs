using Microsoft.EntityFrameworkCore;
using Web.Data;
using Web.Features.Projects;

namespace Web.Features.Overview;

/// <summary>Reads <see cref="MigrationStanding"/> for the home page: three small queries, newest first.</summary>
public sealed class OverviewService(IDbContextFactory<DashboardDbContext> databases, LastProjectCheck projects)
{
    public async Task<MigrationStanding> GetAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var connections = await db.Connections.CountAsync(cancellationToken);
        var scan = await db.Scans.AsNoTracking().OrderByDescending(s => s.Id).FirstOrDefaultAsync(cancellationToken);
        var run = await db.Migrations.AsNoTracking().OrderByDescending(m => m.Id)
            .Select(m => new LastRun(m.Id, m.SourceName, m.TargetName, m.Status, m.ImagesDone, m.ImagesTotal, m.ImagesFailed, m.Verified, m.CreatedAt, m.FinishedAt))
            .FirstOrDefaultAsync(cancellationToken);
        return new MigrationStanding(connections, scan, projects.Latest, run);
    }
}
