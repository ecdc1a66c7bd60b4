namespace Migration.Engine.Inventory;

/// <summary>A problem, tied to the repository and tag or digest it was found in when there is one.</summary>
public sealed record InventoryProblem(string Code, string? Repository, string? Reference, string Message);
