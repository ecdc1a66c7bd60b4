using Registry.Testing;

namespace Engine.Tests.Fixtures;

/// <summary>One real registry holding <see cref="StandardDataset"/>, shared by a test collection. Tests read it
/// through its storage folder or its HTTP API and never change it.</summary>
public sealed class SourceRegistryFixture : IAsyncLifetime
{
    public RegistryProcess Registry { get; private set; } = null!;
    public StandardDataset Data { get; private set; } = null!;

    /// <summary>The folder that holds docker/, as a user would pass it.</summary>
    public string StorageRoot => Registry.StorageRoot;

    public async Task InitializeAsync()
    {
        Registry = await RegistryProcess.StartAsync();
        Data = await StandardDataset.PushAsync(Registry.BaseUri);
    }

    public async Task DisposeAsync() => await Registry.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class SourceRegistryCollection : ICollectionFixture<SourceRegistryFixture>
{
    public const string Name = "source registry";
}
