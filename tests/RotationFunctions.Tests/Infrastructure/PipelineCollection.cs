namespace RotationFunctions.Tests.Infrastructure;

/// <summary>
/// The whole-pipeline tests, the longest collection: an Azurite of their own, so they run beside the
/// other collections instead of after them.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PipelineCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Pipeline";
}
