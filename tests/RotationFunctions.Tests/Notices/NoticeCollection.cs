using RotationFunctions.Tests.Portal;

namespace RotationFunctions.Tests.Notices;

/// <summary>The notices' integration tests: an Azurite of their own, and a browser to follow a mail's link.</summary>
[CollectionDefinition(Name)]
public sealed class NoticeCollection : ICollectionFixture<AzuriteFixture>, ICollectionFixture<BrowserFixture>
{
    public const string Name = "Notices";
}
