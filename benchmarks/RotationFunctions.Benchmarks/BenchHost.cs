using Azure.Data.Tables;
using Azure.Security.KeyVault.Secrets;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RotationFunctions.Storage;
using RotationFunctions.Handover;
using RotationFunctions.Schedule;
using RotationFunctions.StandIns.KeyVault;
using RotationFunctions.StandIns.XApi;
using RotationFunctions.Tokens;
using RotationFunctions.Channels.X;

namespace RotationFunctions.Benchmarks;

/// <summary>Where the stand-ins listen: all a host needs to reach them, also from another process.</summary>
internal sealed record StandInEndpoints(Uri XBaseUrl, Uri VaultUri, byte[] VaultCertificateSha256)
{
    public static StandInEndpoints Of(XApiStandIn x, KeyVaultStandIn vault) => new(x.BaseAddress, vault.VaultUri, vault.CertificateSha256);
}

/// <summary>
/// One "host": a DI container wired by the same AddXxx extensions as the Function App, on a real
/// Azurite and the stand-ins, with a request counter on its Table and Queue clients. Several hosts
/// on the same stand-ins behave like separate processes (own clients, locks and HttpClients).
/// </summary>
internal static class BenchHost
{
    public static ServiceProvider Create(
        string storageConnectionString,
        TimeProvider time,
        RequestCounter counter,
        StandInEndpoints? standIns = null,
        IDictionary<string, string?>? settings = null,
        Azure.Core.Pipeline.HttpPipelinePolicy? blobPolicy = null,
        LogLevel minLevel = LogLevel.Error)
    {
        var values = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = storageConnectionString,
            ["X:BaseUrl"] = (standIns?.XBaseUrl ?? new Uri("http://127.0.0.1:9/")).ToString(),
            ["X:PostLimit"] = "100000",
            ["X:RetryBaseDelay"] = "00:00:00.050",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();

        var services = new ServiceCollection();
        services.AddSingleton(time);
        services.AddLogging(b => b.SetMinimumLevel(minLevel).AddSimpleConsole(o => o.SingleLine = true));
        services.AddSingleton(new TableServiceClient(storageConnectionString, counter.Attach(new TableClientOptions(), StorageService.Table)));
        services.AddSingleton(new QueueServiceClient(storageConnectionString, counter.Attach(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }, StorageService.Queue)));
        var blobOptions = counter.Attach(new BlobClientOptions(), StorageService.Blob);
        if (blobPolicy is not null)
        {
            blobOptions.AddPolicy(blobPolicy, Azure.Core.HttpPipelinePosition.PerCall);
        }
        services.AddSingleton(new BlobServiceClient(storageConnectionString, blobOptions));
        if (standIns is not null)
        {
            var secretOptions = new SecretClientOptions();
            secretOptions.Retry.Delay = TimeSpan.FromMilliseconds(10);
            counter.Attach(secretOptions, StorageService.KeyVault);
            services.AddSingleton(KeyVaultStandIn.CreateRemoteSecretClient(standIns.VaultUri, standIns.VaultCertificateSha256, secretOptions));
        }
        services.AddStorageClients(configuration)
            .AddSchedule(configuration)
            .AddHandovers(configuration);
        if (standIns is not null)
        {
            services.AddXApi(configuration).AddTokenRotation(configuration);
        }
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = standIns is not null });
    }

    public static async Task EnsureStorageAsync(IServiceProvider services)
    {
        await services.GetRequiredService<AccountsTable>().EnsureCreatedAsync(default);
        await services.GetRequiredService<ScheduleTable>().EnsureCreatedAsync(default);
        await services.GetRequiredService<HandoverStore>().EnsureCreatedAsync(default);
    }
}
