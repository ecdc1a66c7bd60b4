namespace Migration.Cli;

/// <summary>A verb's <c>--name value</c> options and <c>--flag</c>s. Unknown options are an error, not ignored.</summary>
internal sealed class CliArguments
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    private CliArguments() { }

    public static CliArguments Parse(IReadOnlyList<string> args, IReadOnlySet<string> valueOptions, IReadOnlySet<string> flagOptions)
    {
        var parsed = new CliArguments();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? inline = null;
            var eq = arg.IndexOf('=');
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                inline = arg[(eq + 1)..];
                arg = arg[..eq];
            }
            if (flagOptions.Contains(arg) && inline is null)
            {
                parsed._flags.Add(arg);
            }
            else if (valueOptions.Contains(arg))
            {
                var value = inline ?? (i + 1 < args.Count ? args[++i] : throw new UsageException($"{arg} needs a value"));
                if (!parsed._values.TryGetValue(arg, out var list)) parsed._values[arg] = list = [];
                list.Add(value);
            }
            else
            {
                throw new UsageException($"unknown option '{args[i]}'");
            }
        }
        return parsed;
    }

    public bool Flag(string name) => _flags.Contains(name);

    public string? Value(string name) => _values.TryGetValue(name, out var list) ? list[^1] : null;

    public string Required(string name) => Value(name) ?? throw new UsageException($"{name} is required");

    public IReadOnlyList<string> Values(string name) => _values.TryGetValue(name, out var list) ? list : [];

    public int? Int(string name, int min)
    {
        var text = Value(name);
        if (text is null) return null;
        return int.TryParse(text, out var value) && value >= min ? value : throw new UsageException($"{name} must be a whole number ≥ {min}, not '{text}'");
    }
}

/// <summary>The command line is wrong; exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
