using Azure.Data.Tables;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Options;
using RotationFunctions.Hosting;
using RotationFunctions.StandIns.KeyVault;
using RotationFunctions.StandIns.XApi;
using RotationFunctions.Storage;

namespace RotationFunctions.Benchmarks;

/// <summary>Where the stand-ins listen: all a host needs to reach them, also from another process.</summary>
internal sealed record StandInEndpoints(Uri XBaseUrl, Uri VaultUri, byte[] VaultCertificateSha256)
{
    public static StandInEndpoints Of(XApiStandIn x, KeyVaultStandIn vault) => new(x.BaseAddress, vault.VaultUri, vault.CertificateSha256);
}

/// <summary>
/// One benchmark "host": a <see cref="RotationHost"/> on a real Azurite and the stand-ins, with a request
/// counter on every Table, Queue, Blob and Key Vault client. Several hosts on the same stand-ins behave
/// like separate processes (own clients, locks and HttpClients).
/// </summary>
internal static class BenchHost
{
    private static readonly Dictionary<string, string?> Defaults = new()
    {
        ["X:PostLimit"] = "100000",
        ["X:RetryBaseDelay"] = "00:00:00.050",
    };

    public static ServiceProvider Create(
        string storageConnectionString,
        TimeProvider time,
        RequestCounter counter,
        StandInEndpoints? standIns = null,
        IDictionary<string, string?>? settings = null,
        Azure.Core.Pipeline.HttpPipelinePolicy? blobPolicy = null,
        LogLevel minLevel = LogLevel.Error)
    {
        SecretClient? secrets = null;
        if (standIns is not null)
        {
            // The vault may run in another process (the contention benchmark's workers): reach it by URI and certificate hash.
            var secretOptions = new SecretClientOptions();
            secretOptions.Retry.Delay = TimeSpan.FromMilliseconds(10);
            secrets = KeyVaultStandIn.CreateRemoteSecretClient(standIns.VaultUri, standIns.VaultCertificateSha256, counter.Attach(secretOptions, AzureService.KeyVault));
        }
        return RotationHost.Build(new RotationHostOptions
        {
            Time = time,
            StorageConnectionString = storageConnectionString,
            Secrets = secrets,
            // The planner benchmark has no X stand-in: nothing it runs calls X, but the options want an address.
            XBaseUrl = standIns?.XBaseUrl ?? new Uri("http://127.0.0.1:9/"),
            // The caller's settings come last and win.
            Settings = [.. Defaults, .. settings ?? new Dictionary<string, string?>()],
            Requests = counter,
            ConfigureStorageClient = (options, service) =>
            {
                if (service == AzureService.Blob && blobPolicy is not null)
                {
                    options.AddPolicy(blobPolicy, Azure.Core.HttpPipelinePosition.PerCall);
                }
            },
            MinimumLevel = minLevel,
        }, services => services.AddLogging(b => b.AddSimpleConsole(o => o.SingleLine = true)));
    }

    public static Task EnsureStorageAsync(IServiceProvider services) => RotationHost.EnsureStorageAsync(services);

    /// <summary>A table of the host by its configured name, for seeding rows as an admin's editor writes them.</summary>
    public static TableClient Table(IServiceProvider services, Func<StorageNames, string> name) =>
        services.GetRequiredService<TableServiceClient>().GetTableClient(name(services.GetRequiredService<IOptions<StorageNames>>().Value));
}
