namespace Web.Features.Jobs;

/// <summary>What the SignalR hub pushes to browsers or outside listeners that joined a job's group.</summary>
public interface IJobsClient
{
    Task SnapshotUpdated(MigrationSnapshot snapshot);
}
