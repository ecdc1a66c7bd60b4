namespace Migration.Cli;

/// <summary>
/// One option a verb accepts: a <c>--flag</c> when <see cref="Value"/> is null, else <c>--name VALUE</c>. The parser
/// and the verb's help both read the same table, so help cannot list an option the parser refuses, or leave one out.
/// </summary>
internal sealed record CliOption(string Name, string? Value, string Description)
{
    public static CliOption Flag(string name, string description) => new(name, null, description);

    public bool IsFlag => Value is null;

    public string Synopsis => IsFlag ? Name : $"{Name} {Value}";
}
