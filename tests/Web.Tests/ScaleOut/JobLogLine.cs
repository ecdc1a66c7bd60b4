using System.Text.Json;

namespace Web.Tests.ScaleOut;

/// <summary>One line of a node's JSON console log (<c>Logging__Console__FormatterName=json</c>) that is a job event.</summary>
public sealed record JobLogLine(int EventId, IReadOnlyDictionary<string, string> State)
{
    public const int RepositoryJobStarted = 100, RepositoryJobFinished = 101, RepositoryJobTakenOver = 104, ImageCopied = 110, BlobUploaded = 120, BlobMounted = 121;

    public string this[string property] => State[property];

    public static IReadOnlyList<JobLogLine> Parse(IEnumerable<string> output) => output
        .Where(line => line.StartsWith('{'))
        .Select(line =>
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            if (!root.TryGetProperty("State", out var state) || !root.TryGetProperty("EventId", out var id)
                || root.GetProperty("Category").GetString() != typeof(Web.Features.Migrations.RepositoryJob).FullName) return null;
            return new JobLogLine(id.GetInt32(), state.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ToString()));
        })
        .OfType<JobLogLine>()
        .ToList();
}
