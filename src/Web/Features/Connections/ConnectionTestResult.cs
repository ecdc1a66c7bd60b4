namespace Web.Features.Connections;

/// <summary>What "Test connection" found, in words a person can act on.</summary>
public sealed record ConnectionTestResult(bool Ok, IReadOnlyList<string> Facts, string? Error = null)
{
    /// <summary>The facts, or why it failed, as one line for the page; the API gives the parts.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Text => Ok ? string.Join(" · ", Facts) : Error ?? "";
}
