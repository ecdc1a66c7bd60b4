namespace HarborDouble.Tests.Fixtures;

/// <summary>API, token and conformance tests share one double.</summary>
[CollectionDefinition(Name)]
public sealed class HarborCollection : ICollectionFixture<HarborFixture>
{
    public const string Name = "harbor double";
}
