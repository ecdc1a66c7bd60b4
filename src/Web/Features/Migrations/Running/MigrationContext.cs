using System.Text.Json;
using Migration.Engine.Copy;
using Migration.Engine.Harbor;
using Migration.Engine.Inventory;
using Migration.Engine.Registry;
using Migration.Engine.Sources;
using Web.Features.Connections;
using Web.Features.Projects;
using Migration.Engine.Plan;
using Migration.Engine.Run;

namespace Web.Features.Migrations;

/// <summary>The engine objects a migration job works with, opened from the saved connections and rules.</summary>
public sealed class MigrationContext : IDisposable
{
    private MigrationContext(IImageSource source, RegistryClient target, HarborClient harbor, MigrationRequest request, ImageFilter filter,
        NameMapper mapper)
    {
        (Source, Target, Harbor, Request, Filter, Mapper) = (source, target, harbor, request, filter, mapper);
    }

    public IImageSource Source { get; }
    public RegistryClient Target { get; }
    public HarborClient Harbor { get; }
    public MigrationRequest Request { get; }
    public ImageFilter Filter { get; }
    public NameMapper Mapper { get; }

    public static async Task<MigrationContext> OpenAsync(string optionsJson, ConnectionService connections, ProjectsService projects,
        CancellationToken cancellationToken)
    {
        var request = JsonSerializer.Deserialize<MigrationRequest>(optionsJson)!;
        var (sourceEntity, sourceRegistry) = await connections.OpenAsync(request.SourceId, cancellationToken);
        var (_, targetRegistry) = await connections.OpenAsync(request.TargetId, cancellationToken);
        var filter = new ImageFilter
        {
            Include = request.Include, Exclude = request.Exclude, TagPattern = request.TagPattern, Latest = request.Latest,
            IncludeUntagged = request.IncludeUntagged, Schema1 = request.ConvertSchema1 ? Schema1Handling.Convert : Schema1Handling.Skip,
            IncludeDanglingTags = request.IncludeDanglingTags,
        };
        var mapper = (await projects.GetMappingAsync(cancellationToken)).ToMapper();
        return new MigrationContext(connections.OpenSource(sourceEntity, sourceRegistry), new RegistryClient(targetRegistry!),
            new HarborClient(targetRegistry!), request, filter, mapper);
    }

    /// <summary>Scans the source (only <paramref name="repository"/> when given) and selects the images to copy.</summary>
    public async Task<IReadOnlyList<MigrationItem>> SelectAsync(string? repository, CancellationToken cancellationToken)
    {
        var options = new ScanOptions { RepositoryFilter = name => (repository is null || name == repository) && Filter.MatchesRepository(name) };
        var inventory = await new Scanner(Source).ScanAsync(options, null, cancellationToken);
        return await ImageSelector.SelectAsync(inventory, Filter, Mapper, Source, cancellationToken);
    }

    /// <summary>Scans the whole source and selects while it reads, a batch of whole repositories at a time (bounded memory).</summary>
    public Task SelectStreamedAsync(Func<IReadOnlyList<MigrationItem>, ValueTask> onBatch, CancellationToken cancellationToken) =>
        new StreamedSelection(Source, Filter, Mapper).RunAsync(onBatch, cancellationToken);

    public CopyOptions CopyOptions => new() { Concurrency = Request.Concurrency, IncludeUntagged = Request.IncludeUntagged, Verify = false };

    public HarborTargetInspector Inspector => new(Harbor, Target);

    public void Dispose()
    {
        Source.Dispose();
        Target.Dispose();
        Harbor.Dispose();
    }
}
