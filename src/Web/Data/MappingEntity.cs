namespace Web.Data;

/// <summary>The name rules every plan and migration uses: <c>from=to</c> prefix rules, one per line, and the project
/// single-component names go to. One row.</summary>
public sealed class MappingEntity
{
    public int Id { get; set; }
    public string Rules { get; set; } = "";
    public string DefaultProject { get; set; } = "library";
}
