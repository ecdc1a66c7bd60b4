namespace Web.Features.Migrations;

/// <summary>What became of a request to change a migration's bandwidth cap.</summary>
public enum BandwidthCapChange
{
    Applied,
    NotFound,
    /// <summary>The migration has ended (succeeded, failed or cancelled): there is nothing left to cap.</summary>
    Finished,
}
