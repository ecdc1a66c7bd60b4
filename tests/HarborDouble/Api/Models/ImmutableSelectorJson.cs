namespace HarborDouble.Api.Models;

/// <summary>swagger `ImmutableSelector`.</summary>
internal sealed record ImmutableSelectorJson(string Kind, string Decoration, string Pattern);
