using Microsoft.EntityFrameworkCore;
using Web.Data;

namespace Web.Features.Migrations;

/// <summary>A migration's totals, the sum of its repository rows.</summary>
public static class MigrationSums
{
    /// <summary>One statement that sums inside the write: jobs on other workers sum at the same time, and a sum read
    /// before theirs and written after would move the totals backwards.</summary>
    public static Task SumAsync(DashboardDbContext db, int migrationId, CancellationToken cancellationToken) =>
        db.Migrations.Where(m => m.Id == migrationId).ExecuteUpdateAsync(u => u
            .SetProperty(m => m.ImagesDone, m => db.MigrationRepositories.Where(r => r.MigrationId == m.Id).Sum(r => r.ImagesDone))
            .SetProperty(m => m.ImagesFailed, m => db.MigrationRepositories.Where(r => r.MigrationId == m.Id).Sum(r => r.ImagesFailed))
            .SetProperty(m => m.BytesDone, m => db.MigrationRepositories.Where(r => r.MigrationId == m.Id).Sum(r => r.BytesDone)), cancellationToken);
}
