namespace Web.Features.Connections;

/// <summary>A connection that a plan or an unfinished migration still needs: deleting it would leave the plan's next
/// run, or the migration's next repository, failing on "connection N does not exist".</summary>
public sealed class ConnectionInUseException(string message) : InvalidOperationException(message);
