namespace RotationFunctions.Tests.Infrastructure;

/// <summary>Tests on Azurite with stand-ins of their own: tokens, the X client, the CLI, punctuality.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
