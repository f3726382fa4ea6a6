using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Configuration;
using RotationFunctions.StandIns.Azurite;
using RotationFunctions.StandIns.KeyVault;
using RotationFunctions.StandIns.XApi;

namespace RotationFunctions.Local;

/// <summary>
/// The services the pipeline talks to: whatever the configuration names, and for what it does not,
/// a local Azurite (from the repository's node_modules) and the Key Vault and X API stand-ins.
/// </summary>
internal sealed class LocalServices : IAsyncDisposable
{
    public const string DemoClientId = "rotation-local-demo";

    private LocalServices()
    {
    }

    public AzuriteProcess? Azurite { get; private set; }
    public KeyVaultStandIn? Vault { get; private set; }
    public XApiStandIn? X { get; private set; }
    public Dictionary<string, string?> Settings { get; } = [];

    public bool AllLocal => Azurite is not null && Vault is not null && X is not null;

    public static async Task<LocalServices> StartAsync(IConfiguration configuration, TimeProvider time, Action<string> progress, CancellationToken cancellationToken)
    {
        var services = new LocalServices();
        try
        {
            if (string.IsNullOrEmpty(configuration["Storage:ConnectionString"]) && string.IsNullOrEmpty(configuration["Storage:TableServiceUri"]))
            {
                var started = TimeProvider.System.GetTimestamp();
                services.Azurite = await AzuriteProcess.StartAsync(cancellationToken: cancellationToken);
                services.Settings["Storage:ConnectionString"] = services.Azurite.ConnectionString;
                progress($"Azurite (Table, Queue, Blob) listening on 127.0.0.1:{services.Azurite.TablePort}/{services.Azurite.QueuePort}/{services.Azurite.BlobPort} ({TimeProvider.System.GetElapsedTime(started).TotalSeconds:0.0} s)");
            }
            if (string.IsNullOrEmpty(configuration["KeyVault:VaultUri"]))
            {
                services.Vault = await KeyVaultStandIn.StartAsync(time, cancellationToken: cancellationToken);
                services.Settings["KeyVault:VaultUri"] = services.Vault.VaultUri.ToString();
                progress($"Key Vault stand-in on {services.Vault.VaultUri}");
            }
            if (string.IsNullOrEmpty(configuration["X:BaseUrl"]))
            {
                services.X = await XApiStandIn.StartAsync(time, cancellationToken: cancellationToken);
                services.X.RegisterClient(DemoClientId);
                services.Settings["X:BaseUrl"] = services.X.BaseAddress.ToString();
                progress($"X API v2 stand-in on {services.X.BaseAddress}");
            }
        }
        catch
        {
            await services.DisposeAsync();
            throw;
        }
        return services;
    }

    /// <summary>The stand-in's SecretClient (it pins the stand-in's self-signed certificate), or null for a real vault.</summary>
    public SecretClient? CreateSecretClient() => Vault?.CreateSecretClient();

    public async ValueTask DisposeAsync()
    {
        if (X is not null)
        {
            await X.DisposeAsync();
        }
        if (Vault is not null)
        {
            await Vault.DisposeAsync();
        }
        if (Azurite is not null)
        {
            await Azurite.DisposeAsync();
        }
    }
}
