namespace Migration.Cli;

/// <summary>Options a verb's help lists together under a heading, with a note after them when they need one.</summary>
internal sealed record CliOptionGroup(string Heading, IReadOnlyList<CliOption> Options, string? Note = null);
