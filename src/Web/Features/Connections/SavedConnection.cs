namespace Web.Features.Connections;

/// <summary>What the connection dialog closes with: the name saved and what checking it found.</summary>
public sealed record SavedConnection(string Name, ConnectionTestResult Check);
