using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace RotationFunctions.Storage;

public static class AzureClientsExtensions
{
    /// <summary>
    /// Table, Queue and Blob clients from <see cref="StorageOptions"/>, validated on start. Queue
    /// messages are Base64, the encoding the Functions queue trigger reads by default.
    /// </summary>
    public static IServiceCollection AddStorageClients(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddStorageNames(configuration);
        services.TryAddSingleton<TokenCredential>(_ => CreateCredential(configuration));
        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            return string.IsNullOrWhiteSpace(o.ConnectionString)
                ? new TableServiceClient(o.TableServiceUri, sp.GetRequiredService<TokenCredential>())
                : new TableServiceClient(o.ConnectionString);
        });
        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
            return string.IsNullOrWhiteSpace(o.ConnectionString)
                ? new QueueServiceClient(o.QueueServiceUri, sp.GetRequiredService<TokenCredential>(), options)
                : new QueueServiceClient(o.ConnectionString, options);
        });
        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            return string.IsNullOrWhiteSpace(o.ConnectionString)
                ? new BlobServiceClient(o.BlobServiceUri, sp.GetRequiredService<TokenCredential>())
                : new BlobServiceClient(o.ConnectionString);
        });
        return services;
    }

    /// <summary>
    /// The names of every table, queue, container and secret (<see cref="StorageNames"/>). Each feature
    /// that touches storage calls this, so no host can leave its names silently at the defaults.
    /// </summary>
    public static IServiceCollection AddStorageNames(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(StorageNamesMarker)))
        {
            return services;
        }
        services.AddSingleton<StorageNamesMarker>();
        services.AddOptions<StorageNames>()
            .Bind(configuration.GetSection(StorageNames.Section))
            .Configure(names =>
            {
                // The queue trigger reads its queue from this app setting (%HandoverQueueName%): one name for both.
                if (configuration[AppSettingNames.HandoverQueueName] is { Length: > 0 } queue)
                {
                    names.HandoverQueue = queue;
                }
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return services;
    }

    private sealed class StorageNamesMarker;

    /// <summary>The vault with the X client credentials and token bundles, signed in with the app's identity.</summary>
    public static IServiceCollection AddKeyVaultClient(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<KeyVaultOptions>().Bind(configuration.GetSection(KeyVaultOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<TokenCredential>(_ => CreateCredential(configuration));
        services.TryAddSingleton(sp => new SecretClient(
            sp.GetRequiredService<IOptions<KeyVaultOptions>>().Value.VaultUri,
            sp.GetRequiredService<TokenCredential>()));
        return services;
    }

    /// <summary>
    /// The app's one credential: the user-assigned managed identity named by AZURE_CLIENT_ID in
    /// Azure, the developer's az/VS login locally.
    /// </summary>
    public static TokenCredential CreateCredential(IConfiguration configuration)
    {
        var clientId = configuration[AppSettingNames.ManagedIdentityClientId];
        return new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId });
    }
}
