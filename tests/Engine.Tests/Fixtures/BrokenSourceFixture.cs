using Registry.Testing;

namespace Engine.Tests.Fixtures;

/// <summary><see cref="BrokenStorage"/> shared by a test collection.</summary>
public sealed class BrokenSourceFixture : IAsyncLifetime
{
    private BrokenStorage _storage = null!;

    public RegistryProcess Registry => _storage.Registry;
    public string StorageRoot => _storage.StorageRoot;
    public PushedManifest Good => _storage.Good;
    public string CorruptLayer => _storage.CorruptLayer;
    public string MissingLayer => _storage.MissingLayer;
    public string MalformedDigest => _storage.MalformedDigest;

    public async Task InitializeAsync() => _storage = await BrokenStorage.StartAsync();

    public Task DisposeAsync() => _storage.DisposeAsync().AsTask();
}

[CollectionDefinition(Name)]
public sealed class BrokenSourceCollection : ICollectionFixture<BrokenSourceFixture>
{
    public const string Name = "broken source";
}
