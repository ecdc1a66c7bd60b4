using Migration.Engine.Copy;
using Migration.Engine.Inventory;
using Migration.Engine.Plan;
using Migration.Engine.Registry;
using Migration.Engine.Sources;
using Registry.Testing;
using Migration.Engine.Run;

namespace Engine.Tests.Fixtures;

/// <summary>A fresh real registry for one test, behind a counting proxy so the test can see every upload and mount.</summary>
public sealed class TargetRegistry : IAsyncDisposable
{
    private TargetRegistry(RegistryProcess registry, CountingProxy proxy)
    {
        Registry = registry;
        Proxy = proxy;
    }

    public RegistryProcess Registry { get; }
    public CountingProxy Proxy { get; }

    /// <summary>What clients should talk to: the proxy.</summary>
    public Uri Uri => Proxy.BaseUri;

    public static async Task<TargetRegistry> StartAsync(RegistryProcessOptions? options = null)
    {
        var registry = await RegistryProcess.StartAsync(options);
        return new TargetRegistry(registry, await CountingProxy.StartAsync(registry.BaseUri));
    }

    public RegistryClient Client(RegistryConnection? connection = null) => new(connection ?? new RegistryConnection(Uri));

    /// <summary>Scans, selects and migrates in one go, as the CLI does.</summary>
    public async Task<MigrationReport> MigrateAsync(IImageSource source, CopyOptions? options = null, ImageFilter? filter = null,
        NameMapper? mapper = null, IProgress<CopyEvent>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new CopyOptions();
        var items = await SelectAsync(source, filter ?? new ImageFilter { IncludeUntagged = options.IncludeUntagged }, mapper);
        using var client = Client();
        return await new MigrationRunner(source, client, options).RunAsync(items, progress ?? new Events(), cancellationToken);
    }

    public static async Task<IReadOnlyList<MigrationItem>> SelectAsync(IImageSource source, ImageFilter filter, NameMapper? mapper = null)
    {
        var inventory = await new Scanner(source).ScanAsync(new ScanOptions(), null, CancellationToken.None);
        return await ImageSelector.SelectAsync(inventory, filter, mapper ?? new NameMapper(), source, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await Proxy.DisposeAsync();
        await Registry.DisposeAsync();
    }
}

/// <summary>Collects engine events in order, thread-safely.</summary>
public sealed class Events : IProgress<CopyEvent>
{
    private readonly List<CopyEvent> _events = [];

    public IReadOnlyList<CopyEvent> All
    {
        get { lock (_events) return _events.ToList(); }
    }

    public Action<CopyEvent>? OnEvent { get; init; }

    public void Report(CopyEvent value)
    {
        lock (_events) _events.Add(value);
        OnEvent?.Invoke(value);
    }
}

public static class ReportAssert
{
    public static void NoFailures(MigrationReport report) =>
        Assert.True(report.Totals.ImagesFailed == 0,
            string.Join("\n", report.Images.Where(i => i.Status == ImageStatus.Failed).Select(i => i.Error)));

    public static void AllCopied(MigrationReport report, int expected) =>
        Assert.True(report.Totals.ImagesCopied == expected,
            string.Join("\n", report.Images.Select(i => $"{i.SourceRepository}:{i.Reference} {i.Status} {i.Error}")));
}
