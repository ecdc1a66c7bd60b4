namespace Engine.Tests.Network;

/// <summary>Tests that time a link run alone: another test's work on the same two cores would stretch what they measure.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "timing";
}
