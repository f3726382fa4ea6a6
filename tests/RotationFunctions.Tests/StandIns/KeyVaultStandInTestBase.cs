namespace RotationFunctions.Tests.StandIns;

/// <summary>A Key Vault stand-in of the test's own (faults and denials are per vault) and the real SecretClient on it.</summary>
public abstract class KeyVaultStandInTestBase : StandInTestBase, IAsyncLifetime
{
    private KeyVaultStandIn? _vault;

    protected KeyVaultStandIn Vault => _vault!;

    public async Task InitializeAsync() => _vault = await KeyVaultStandIn.StartAsync(Time);

    public async Task DisposeAsync() => await Vault.DisposeAsync();

    /// <summary>A SecretClient with fast retries, <paramref name="maxRetries"/> of them (the SDK's default is 3).</summary>
    protected SecretClient Client(int maxRetries = 3, TimeSpan? networkTimeout = null)
    {
        var options = Vault.CreateSecretClientOptions();
        options.Retry.Delay = TimeSpan.FromMilliseconds(10);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(100);
        options.Retry.MaxRetries = maxRetries;
        if (networkTimeout is { } timeout)
        {
            options.Retry.NetworkTimeout = timeout;
        }
        return Vault.CreateSecretClient(options);
    }
}
