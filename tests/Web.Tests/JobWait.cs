using Web.Data;
using Web.Features.Inventory;
using Web.Features.Migrations;

namespace Web.Tests;

/// <summary>Polls a scan or migration in the app until it ends, within a deadline.</summary>
public static class JobWait
{
    public static async Task<MigrationSnapshot> MigrationAsync(MigrationService migrations, int id, int seconds = 90)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        MigrationSnapshot? snapshot;
        do
        {
            await Task.Delay(250);
            snapshot = await migrations.SnapshotAsync(id);
        }
        while (snapshot!.Status is JobStatus.Queued or JobStatus.Running && DateTime.UtcNow < deadline);
        return snapshot;
    }

    public static async Task<ScanEntity> ScanAsync(ScanService scans, int id, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        ScanEntity scan;
        do
        {
            await Task.Delay(200);
            scan = (await scans.GetAsync(id))!;
        }
        while (scan.Status is JobStatus.Queued or JobStatus.Running && DateTime.UtcNow < deadline);
        return scan;
    }
}
