using Azure.Security.KeyVault.Secrets;
using RotationFunctions.StandIns.Azurite;
using RotationFunctions.StandIns.Bluesky;
using RotationFunctions.StandIns.Mastodon;
using RotationFunctions.StandIns.KeyVault;
using RotationFunctions.StandIns.Smtp;
using RotationFunctions.StandIns.XApi;

namespace RotationFunctions.Hosting;

/// <summary>
/// The services a host talks to, for whatever the configuration does not name: a local Azurite (from
/// the repository's node_modules) and the Key Vault and X API stand-ins. The local host starts what is
/// missing; chaos starts all three and keeps them for many runs.
/// </summary>
public sealed class StandInServices : IAsyncDisposable
{
    private StandInServices()
    {
    }

    public AzuriteProcess? Azurite { get; private set; }
    public KeyVaultStandIn? Vault { get; private set; }
    public XApiStandIn? X { get; private set; }
    public SmtpStandIn? Smtp { get; private set; }

    /// <summary>A Bluesky PDS and a Mastodon instance, when started with channels (the demo posts on all three networks).</summary>
    public BlueskyStandIn? Bluesky { get; private set; }
    public MastodonStandIn? Mastodon { get; private set; }

    /// <summary>
    /// Starts a stand-in for each of storage, Key Vault and X that <paramref name="configuration"/>
    /// (null: none) does not name, on <paramref name="time"/>, and with <paramref name="smtp"/> an SMTP server when
    /// no mail relay is named; <paramref name="progress"/> hears where each listens.
    /// </summary>
    public static async Task<StandInServices> StartAsync(
        IConfiguration? configuration, TimeProvider time, XApiStandInOptions? xOptions = null, Action<string>? progress = null, bool smtp = false,
        bool channels = false, CancellationToken cancellationToken = default)
    {
        bool Missing(params string[] keys) => configuration is null || keys.All(k => string.IsNullOrEmpty(configuration[k]));
        var services = new StandInServices();
        try
        {
            if (Missing("Storage:ConnectionString", "Storage:TableServiceUri"))
            {
                var started = TimeProvider.System.GetTimestamp();
                services.Azurite = await AzuriteProcess.StartAsync(cancellationToken: cancellationToken);
                progress?.Invoke($"Azurite (Table, Queue, Blob) listening on 127.0.0.1:{services.Azurite.TablePort}/{services.Azurite.QueuePort}/{services.Azurite.BlobPort} ({TimeProvider.System.GetElapsedTime(started).TotalSeconds:0.0} s)");
            }
            if (Missing("KeyVault:VaultUri"))
            {
                services.Vault = await KeyVaultStandIn.StartAsync(time, cancellationToken: cancellationToken);
                progress?.Invoke($"Key Vault stand-in on {services.Vault.VaultUri}");
            }
            if (Missing("X:BaseUrl"))
            {
                services.X = await XApiStandIn.StartAsync(time, xOptions, cancellationToken);
                progress?.Invoke($"X API v2 stand-in on {services.X.BaseAddress}");
            }
            if (channels && Missing("Bluesky:ServiceUrl"))
            {
                services.Bluesky = await BlueskyStandIn.StartAsync(time, cancellationToken: cancellationToken);
                services.Mastodon = await MastodonStandIn.StartAsync(time, cancellationToken: cancellationToken);
                progress?.Invoke($"Bluesky PDS stand-in on {services.Bluesky.BaseAddress}, Mastodon stand-in on {services.Mastodon.BaseAddress}");
            }
            if (smtp && Missing("Notices:Smtp:Host"))
            {
                services.Smtp = await SmtpStandIn.StartAsync(cancellationToken);
                progress?.Invoke($"SMTP server on {services.Smtp.Host}:{services.Smtp.Port} (notices are kept in memory and shown below)");
            }
        }
        catch
        {
            await services.DisposeAsync();
            throw;
        }
        return services;
    }

    /// <summary>
    /// A host on these stand-ins; what is not a stand-in comes from the host's configuration.
    /// <paramref name="tuneSecrets"/> adjusts the vault client's options (short retries on a fake clock).
    /// </summary>
    public RotationHostOptions HostOptions(TimeProvider time, Action<SecretClientOptions>? tuneSecrets = null) => new()
    {
        Time = time,
        StorageConnectionString = Azurite?.ConnectionString,
        Secrets = CreateSecretClient(tuneSecrets),
        XBaseUrl = X?.BaseAddress,
    };

    /// <summary>The stand-in's SecretClient (it pins the stand-in's self-signed certificate), or null for a real vault.</summary>
    public SecretClient? CreateSecretClient(Action<SecretClientOptions>? tune = null)
    {
        if (Vault is null)
        {
            return null;
        }
        var options = Vault.CreateSecretClientOptions();
        tune?.Invoke(options);
        return Vault.CreateSecretClient(options);
    }

    public async ValueTask DisposeAsync()
    {
        if (Smtp is not null)
        {
            await Smtp.DisposeAsync();
        }
        if (Bluesky is not null)
        {
            await Bluesky.DisposeAsync();
        }
        if (Mastodon is not null)
        {
            await Mastodon.DisposeAsync();
        }
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
