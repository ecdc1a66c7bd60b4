using System.Text;

namespace Migration.Cli;

/// <summary>The help texts, written from the verbs' own option tables.</summary>
internal static class CliHelp
{
    public const string Program = "registry-migrate";

    private const string Credentials = """
        Logins come from the environment, never from the command line (it shows in shell history and process lists):
          SOURCE_USERNAME, SOURCE_PASSWORD          an http(s):// source registry
          TARGET_USERNAME, TARGET_PASSWORD          the target (on Harbor: a user, or robot$name)
          AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY  an s3:// source (and AWS_SESSION_TOKEN, AWS_REGION)
        """;

    public static string ForAll(IReadOnlyList<CliVerb> verbs)
    {
        var width = verbs.Max(v => v.Name.Length) + 2;
        var text = new StringBuilder($"usage: {Program} <verb> [options]\n\n");
        foreach (var verb in verbs) text.Append("  ").Append(verb.Name.PadRight(width)).AppendLine(verb.Summary.Split('\n')[0]);
        text.AppendLine().AppendLine($"'{Program} <verb> --help' lists a verb's options.");
        text.AppendLine().AppendLine(Credentials);
        text.AppendLine("Exit codes: 0 all good, 1 some images failed or are missing, 2 a usage or configuration error.");
        return text.ToString();
    }

    public static string ForVerb(CliVerb verb)
    {
        var width = verb.Options.Max(o => o.Synopsis.Length) + 2;
        var text = new StringBuilder($"usage: {Program} {verb.Name} {verb.Synopsis}\n\n").AppendLine(verb.Summary);
        foreach (var group in verb.Groups)
        {
            text.AppendLine().AppendLine($"{group.Heading}:");
            foreach (var option in group.Options) text.Append("  ").Append(option.Synopsis.PadRight(width)).AppendLine(option.Description);
            if (group.Note is not null) text.AppendLine(Indent(group.Note));
        }
        return text.ToString();
    }

    private static string Indent(string note) => string.Join('\n', note.Split('\n').Select(line => "  " + line));
}
