namespace Web.Features.Migrations;

/// <summary>What the SignalR hub pushes to browsers or outside listeners that joined a job's group.</summary>
public interface IMigrationsClient
{
    Task SnapshotUpdated(MigrationSnapshot snapshot);
}
