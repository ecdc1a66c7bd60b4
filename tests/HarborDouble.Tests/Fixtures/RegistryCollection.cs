namespace HarborDouble.Tests.Fixtures;

/// <summary>Pushes through `/v2/` share another, so the two collections run side by side.</summary>
[CollectionDefinition(Name)]
public sealed class RegistryCollection : ICollectionFixture<HarborFixture>
{
    public const string Name = "harbor double registry";
}
