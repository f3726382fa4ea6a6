namespace RotationFunctions.Tests.Portal;

/// <summary>The portal's tests on Azurite, the stand-ins and a real browser: an Azurite and a Chromium of their own.</summary>
[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<AzuriteFixture>, ICollectionFixture<BrowserFixture>
{
    public const string Name = "Portal";
}
