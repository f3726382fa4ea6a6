using Azure.Core;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;

namespace RotationFunctions.Storage;

public static class AzureClientsExtensions
{
    /// <summary>
    /// Table, Queue and Blob clients from <see cref="StorageOptions"/> (validated on start) with the app's
    /// one credential, through <c>AddAzureClients</c>. A client already registered (a test's, with its
    /// own pipeline policies) is kept. Queue messages are Base64, the encoding the Functions queue
    /// trigger reads by default.
    /// </summary>
    public static IServiceCollection AddStorageClients(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddStorageNames(configuration);
        if (!services.TryMark<StorageClientsMarker>())
        {
            return services;
        }
        services.AddValidatedOptions<StorageOptions>(configuration.GetSection(StorageOptions.Section));
        AddAzureClientsWithCredential(services, configuration, clients =>
        {
            clients.AddClient<TableServiceClient, TableClientOptions>((options, credential, provider) =>
                Storage(provider) is { ConnectionString: { Length: > 0 } connection }
                    ? new TableServiceClient(connection, options)
                    : new TableServiceClient(Storage(provider).TableServiceUri, credential, options));
            clients.AddClient<QueueServiceClient, QueueClientOptions>((options, credential, provider) =>
                    Storage(provider) is { ConnectionString: { Length: > 0 } connection }
                        ? new QueueServiceClient(connection, options)
                        : new QueueServiceClient(Storage(provider).QueueServiceUri, credential, options))
                .ConfigureOptions(options => options.MessageEncoding = QueueMessageEncoding.Base64);
            clients.AddClient<BlobServiceClient, BlobClientOptions>((options, credential, provider) =>
                Storage(provider) is { ConnectionString: { Length: > 0 } connection }
                    ? new BlobServiceClient(connection, options)
                    : new BlobServiceClient(Storage(provider).BlobServiceUri, credential, options));
        });
        return services;
    }

    /// <summary>
    /// The names of every table, queue, container and secret (<see cref="StorageNames"/>). Each feature
    /// that touches storage calls this, so no host can leave its names silently at the defaults.
    /// </summary>
    public static IServiceCollection AddStorageNames(this IServiceCollection services, IConfiguration configuration)
    {
        if (!services.TryMark<StorageNamesMarker>())
        {
            return services;
        }
        services.AddValidatedOptions<StorageNames>(configuration.GetSection(StorageNames.Section))
            .Configure(names =>
            {
                // The queue trigger reads its queue from this app setting (%HandoverQueueName%): one name for both.
                if (configuration[AppSettingNames.HandoverQueueName] is { Length: > 0 } queue)
                {
                    names.HandoverQueue = queue;
                }
                if (configuration[AppSettingNames.NoticeQueueName] is { Length: > 0 } notices)
                {
                    names.NoticeQueue = notices;
                }
            });
        return services;
    }

    /// <summary>The vault with the X client credentials and token bundles, signed in with the app's identity.</summary>
    public static IServiceCollection AddKeyVaultClient(this IServiceCollection services, IConfiguration configuration)
    {
        if (!services.TryMark<KeyVaultClientMarker>())
        {
            return services;
        }
        services.AddValidatedOptions<KeyVaultOptions>(configuration.GetSection(KeyVaultOptions.Section));
        AddAzureClientsWithCredential(services, configuration, clients =>
            clients.AddClient<SecretClient, SecretClientOptions>((options, credential, provider) =>
                new SecretClient(provider.GetRequiredService<IOptions<KeyVaultOptions>>().Value.VaultUri, credential, options)));
        return services;
    }

    /// <summary>Set by the Functions platform on every app it hosts; absent on a developer's machine and in the CLI.</summary>
    public const string HostedSiteSetting = "WEBSITE_SITE_NAME";

    /// <summary>
    /// The app's one credential. In Azure only the user-assigned managed identity named by AZURE_CLIENT_ID:
    /// DefaultAzureCredential would also try environment variables and a workload identity first, so a stray
    /// setting could make the app sign in as someone else, and its probing costs time on every cold start.
    /// Elsewhere (local host, admin CLI) DefaultAzureCredential, so an admin's az or Visual Studio login works.
    /// </summary>
    public static TokenCredential CreateCredential(IConfiguration configuration)
    {
        var clientId = configuration[AppSettingNames.ManagedIdentityClientId];
        if (!string.IsNullOrEmpty(configuration[HostedSiteSetting]))
        {
            if (string.IsNullOrEmpty(clientId))
            {
                throw new InvalidOperationException(
                    $"{AppSettingNames.ManagedIdentityClientId} must be the client id of the app's user-assigned identity (infra/ sets it).");
            }
            return new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
        }
        return new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId });
    }

    private static void AddAzureClientsWithCredential(IServiceCollection services, IConfiguration configuration, Action<AzureClientFactoryBuilder> add)
    {
        // A host may bring its own credential (registered before); otherwise every client shares this one.
        services.TryAddSingleton<TokenCredential>(_ => CreateCredential(configuration));
        services.AddAzureClients(clients =>
        {
            clients.UseCredential(provider => provider.GetRequiredService<TokenCredential>());
            add(clients);
        });
        // AddAzureClients forwards the SDK's event sources to ILogger. Their warnings include answers the app
        // expects (409: a table that exists, a lease another worker holds), so by default only their errors
        // pass; Logging:LogLevel:Azure.Core (or another Azure.* category) says otherwise where needed.
        services.Configure<LoggerFilterOptions>(options => options.AddFilter("Azure", LogLevel.Error));
    }

    private static StorageOptions Storage(IServiceProvider provider) => provider.GetRequiredService<IOptions<StorageOptions>>().Value;

    private sealed class StorageNamesMarker;

    private sealed class StorageClientsMarker;

    private sealed class KeyVaultClientMarker;
}
