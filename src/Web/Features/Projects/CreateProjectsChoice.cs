namespace Web.Features.Projects;

/// <summary>What the create dialog returns: visibility and an optional quota.</summary>
public sealed record CreateProjectsChoice(bool Public, long? StorageLimitBytes);
