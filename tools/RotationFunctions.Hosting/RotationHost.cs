using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RotationFunctions.Channels.X;
using RotationFunctions.Handover;
using RotationFunctions.Notices;
using RotationFunctions.Storage;

namespace RotationFunctions.Hosting;

/// <summary>
/// Builds "a host of this system" for everything that is not the Function App: the local host,
/// chaos, benchmarks and test fixtures. The core's <see cref="RotationServiceCollectionExtensions.AddRotationPipeline"/>
/// wires the services, as in the Function App; this puts the clock, stand-ins, names and overrides
/// in front of it (first registration and last configuration source win), plus the queue worker.
/// </summary>
public static class RotationHost
{
    /// <summary>
    /// A host as a separate process would have it: its own container, clients, HttpClients and locks.
    /// <paramref name="configure"/> runs last, so what it registers wins.
    /// </summary>
    public static ServiceProvider Build(RotationHostOptions options, Action<IServiceCollection>? configure = null)
    {
        var configuration = new ConfigurationManager();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        Add(services, configuration, options);
        configure?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    /// <summary>The same host inside a generic host, which adds its timers and listeners (and more configuration) after.</summary>
    public static void Configure(IHostApplicationBuilder builder, RotationHostOptions options)
    {
        if (options.Logs is not null)
        {
            builder.Logging.ClearProviders();
        }
        Add(builder.Services, builder.Configuration, options);
    }

    /// <summary>Creates the tables, queues and lease container the host's names say, as infra/ does in Azure.</summary>
    public static async Task EnsureStorageAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var names = services.GetRequiredService<IOptions<StorageNames>>().Value;
        var tables = services.GetRequiredService<TableServiceClient>();
        foreach (var table in new[] { names.AccountsTable, names.ScheduleTable, names.HandoversTable, names.PortalLinksTable, names.PostsTable, names.PortalLimitsTable, names.NoticesTable })
        {
            await tables.CreateTableIfNotExistsAsync(table, cancellationToken);
        }
        var queues = services.GetRequiredService<QueueServiceClient>();
        await queues.GetQueueClient(names.HandoverQueue).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await queues.GetQueueClient(names.HandoverPoisonQueue).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await queues.GetQueueClient(names.NoticeQueue).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await queues.GetQueueClient(names.NoticePoisonQueue).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(names.LeaseContainer).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(names.PortalKeyContainer).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(names.PortalStagingContainer).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
    }

    private static void Add(IServiceCollection services, IConfigurationManager configuration, RotationHostOptions options)
    {
        configuration.AddInMemoryCollection(Settings(options));
        services.AddSingleton(options.Time);
        services.AddLogging(logging =>
        {
            logging.SetMinimumLevel(options.MinimumLevel);
            if (options.Logs is { } logs)
            {
                logging.AddProvider(logs);
            }
        });
        if (options.Secrets is { } secrets)
        {
            services.AddSingleton(secrets);
        }
        if (options.StorageConnectionString is { } connection)
        {
            AddStorageClients(services, connection, options);
        }
        else if (options.Requests is not null || options.ConfigureStorageClient is not null)
        {
            throw new InvalidOperationException("Counting or tuning storage requests needs RotationHostOptions.StorageConnectionString (Azurite).");
        }
        services.AddRotationPipeline(configuration);
        services.TryAddSingleton(sp => new QueueTriggerWorker<HandoverOutcome>(
            sp.GetRequiredService<QueueServiceClient>(), Names(sp).HandoverQueue, Names(sp).HandoverPoisonQueue, sp.GetRequiredService<IOptions<HandoverOptions>>(),
            sp.GetRequiredService<HandoverProcessor>().HandleAsync, sp.GetRequiredService<ILogger<QueueTriggerWorker<HandoverOutcome>>>().MovedToPoison));
        services.TryAddSingleton(sp => new QueueTriggerWorker<NoticeOutcome>(
            sp.GetRequiredService<QueueServiceClient>(), Names(sp).NoticeQueue, Names(sp).NoticePoisonQueue, sp.GetRequiredService<IOptions<HandoverOptions>>(),
            sp.GetRequiredService<NoticeProcessor>().HandleAsync, sp.GetRequiredService<ILogger<QueueTriggerWorker<NoticeOutcome>>>().NoticeMovedToPoison));
    }

    private static StorageNames Names(IServiceProvider services) => services.GetRequiredService<IOptions<StorageNames>>().Value;

    private static IEnumerable<KeyValuePair<string, string?>> Settings(RotationHostOptions options)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (options.StorageConnectionString is { } connection)
        {
            settings[$"{StorageOptions.Section}:{nameof(StorageOptions.ConnectionString)}"] = connection;
        }
        if (options.Secrets is { } secrets)
        {
            // The client is registered as is; the setting keeps KeyVaultOptions valid at start.
            settings[$"{KeyVaultOptions.Section}:{nameof(KeyVaultOptions.VaultUri)}"] = secrets.VaultUri.ToString();
        }
        if (options.XBaseUrl is { } x)
        {
            settings[$"{XOptions.SectionName}:{nameof(XOptions.BaseUrl)}"] = x.ToString();
        }
        if (options.Names is { } names)
        {
            // Every settable name, so a name added to StorageNames is carried without a change here.
            foreach (var property in typeof(StorageNames).GetProperties().Where(p => p.CanWrite && p.PropertyType == typeof(string)))
            {
                settings[$"{StorageNames.Section}:{property.Name}"] = (string?)property.GetValue(names);
            }
        }
        foreach (var (key, value) in options.Settings)
        {
            settings[key] = value;
        }
        return settings;
    }

    private static void AddStorageClients(IServiceCollection services, string connection, RotationHostOptions options)
    {
        T Tune<T>(T clientOptions, AzureService service) where T : ClientOptions
        {
            options.ConfigureStorageClient?.Invoke(clientOptions, service);
            options.Requests?.Attach(clientOptions, service);
            return clientOptions;
        }

        services.AddSingleton(new TableServiceClient(connection, Tune(new TableClientOptions(), AzureService.Table)));
        // Base64, as the Functions queue trigger reads by default and the core's AddStorageClients writes.
        services.AddSingleton(new QueueServiceClient(connection, Tune(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }, AzureService.Queue)));
        services.AddSingleton(new BlobServiceClient(connection, Tune(new BlobClientOptions(), AzureService.Blob)));
    }
}
