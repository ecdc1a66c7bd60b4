namespace Migration.Cli;

/// <summary>A verb: what it does, the options it accepts (the parser's table and its help alike) and what runs it.</summary>
internal sealed record CliVerb(string Name, string Synopsis, string Summary, IReadOnlyList<CliOptionGroup> Groups,
    Func<CliArguments, CancellationToken, Task<int>> RunAsync)
{
    public IEnumerable<CliOption> Options => Groups.SelectMany(g => g.Options);
}
