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

    /// <summary>A refresh threshold beyond any access token's life: every rotation is due.</summary>
    protected static readonly TimeSpan AlwaysDue = TimeSpan.FromHours(3);

    /// <summary>The Key Vault secret that holds <see cref="Account"/>'s token bundle.</summary>
    protected static string SecretName => StorageNames.Default.TokenSecret(Account);

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

    /// <summary>
    /// What stopped <paramref name="failed"/> (a refusing vault, a lost lease) left the chain intact: the next
    /// rotation refreshes it, no refresh token was used twice, and no secret is in the logs or the failure's detail.
    /// </summary>
    protected async Task AssertChainIntactAsync(TokenRotator rotator, RotationOutcome failed)
    {
        var next = await rotator.RotateIfDueAsync(Account, AlwaysDue, "test", CancellationToken.None, knownDue: true);
        Assert.Equal(RotationStatus.Rotated, next.Status);
        Assert.Empty(Env.X.ReusedRefreshTokens);
        Env.AssertNoSecretIn(Env.AllLogText() + failed.Detail, Account);
    }

    protected async Task StartEnvironmentAsync(TimeProvider? time = null, bool confidentialClient = true, XApiStandInOptions? xOptions = null) =>
        _env = await TokenTestEnvironment.StartAsync(Azurite, time, confidentialClient, xOptions);
}
