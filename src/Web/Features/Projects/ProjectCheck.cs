namespace Web.Features.Projects;

/// <summary>What the last project check found: of the <paramref name="Projects"/> the scan maps to, how many
/// <paramref name="Target"/> still lacks.</summary>
public sealed record ProjectCheck(string Target, int Projects, int Missing, DateTimeOffset At);
