namespace RotationFunctions.Tests.Tokens;

/// <summary>
/// A test on a <see cref="TokenTestEnvironment"/> of its own, on the collection's Azurite: started in
/// <see cref="InitializeAsync"/> or, where a test needs other options, by the test; disposed after it.
/// </summary>
[Collection(AzuriteCollection.Name)]
public abstract class TokenEnvironmentTestBase(AzuriteFixture azurite) : IAsyncLifetime
{
    /// <summary>The account the tests post and rotate for.</summary>
    protected const string Account = "acme";

    private TokenTestEnvironment? _env;

    /// <summary>For a test that needs a second environment besides <see cref="Env"/>.</summary>
    protected AzuriteFixture Azurite { get; } = azurite;

    protected TokenTestEnvironment Env => _env ?? throw new InvalidOperationException("The test has not started its environment.");

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_env is not null)
        {
            await _env.DisposeAsync();
        }
    }

    protected async Task StartEnvironmentAsync(TimeProvider? time = null, bool confidentialClient = true, XApiStandInOptions? xOptions = null) =>
        _env = await TokenTestEnvironment.StartAsync(Azurite, time, confidentialClient, xOptions);
}
