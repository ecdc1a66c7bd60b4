namespace Migration.Cli;

/// <summary>A verb's <c>--name value</c> options and <c>--flag</c>s. Unknown options are an error, not ignored.</summary>
internal sealed class CliArguments
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    private CliArguments() { }

    /// <summary><c>--help</c> or <c>-h</c> stood in an option's place. Parsing stops there, so what follows need not be right.</summary>
    public bool HelpRequested { get; private set; }

    public static CliArguments Parse(IReadOnlyList<string> args, IEnumerable<CliOption> options)
    {
        var known = options.ToDictionary(o => o.Name, StringComparer.Ordinal);
        var parsed = new CliArguments();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h")
            {
                parsed.HelpRequested = true;
                return parsed;
            }
            string? inline = null;
            var eq = arg.IndexOf('=');
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                inline = arg[(eq + 1)..];
                arg = arg[..eq];
            }
            if (!known.TryGetValue(arg, out var option)) throw new UsageException($"unknown option '{args[i]}'");
            if (option.IsFlag)
            {
                if (inline is not null) throw new UsageException($"{arg} is a flag and takes no value");
                parsed._flags.Add(arg);
                continue;
            }
            var value = inline ?? (i + 1 < args.Count ? args[++i] : throw new UsageException($"{arg} needs a value"));
            if (!parsed._values.TryGetValue(arg, out var list)) parsed._values[arg] = list = [];
            list.Add(value);
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
