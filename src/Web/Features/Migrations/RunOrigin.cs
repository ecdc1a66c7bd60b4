namespace Web.Features.Migrations;

/// <summary>Where a migration comes from: a plan's run (a sync) or a one-off, who started it, and whether a person
/// confirmed deleting the tags the source lost.</summary>
public sealed record RunOrigin(int? PlanId = null, string? StartedBy = null, bool ConfirmDeletions = false);
