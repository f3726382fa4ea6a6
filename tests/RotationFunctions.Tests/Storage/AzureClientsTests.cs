using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace RotationFunctions.Tests.Storage;

/// <summary>The Azure clients as AddAzureClients registers them from the app's settings.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureClientsTests(AzuriteFixture azurite)
{
    private static ServiceProvider Build(Dictionary<string, string?> settings, Action<IServiceCollection>? before = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddConfiguration(configuration.GetSection("Logging")).AddProvider(new Microsoft.Extensions.Logging.Testing.FakeLoggerProvider()));
        before?.Invoke(services);
        services.AddStorageClients(configuration).AddStorageClients(configuration).AddKeyVaultClient(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    private static readonly Dictionary<string, string?> InAzure = new()
    {
        ["Storage:TableServiceUri"] = "https://stapp.table.core.windows.net/",
        ["Storage:QueueServiceUri"] = "https://stapp.queue.core.windows.net/",
        ["Storage:BlobServiceUri"] = "https://stapp.blob.core.windows.net/",
        ["KeyVault:VaultUri"] = "https://kv-app.vault.azure.net/",
    };

    [Fact]
    public void In_Azure_every_client_is_on_its_service_uri()
    {
        using var provider = Build(InAzure);

        Assert.Equal(new Uri("https://stapp.table.core.windows.net/"), provider.GetRequiredService<TableServiceClient>().Uri);
        Assert.Equal(new Uri("https://stapp.queue.core.windows.net/"), provider.GetRequiredService<QueueServiceClient>().Uri);
        Assert.Equal(new Uri("https://stapp.blob.core.windows.net/"), provider.GetRequiredService<BlobServiceClient>().Uri);
        Assert.Equal(new Uri("https://kv-app.vault.azure.net/"), provider.GetRequiredService<SecretClient>().VaultUri);
    }

    [Fact]
    public async Task Locally_a_connection_string_serves_tables_queues_and_blobs_and_queue_messages_are_base64()
    {
        using var provider = Build(new() { ["Storage:ConnectionString"] = azurite.ConnectionString, ["KeyVault:VaultUri"] = "https://kv-app.vault.azure.net/" });
        var name = AzuriteFixture.UniqueName("clients").ToLowerInvariant();

        var queue = provider.GetRequiredService<QueueServiceClient>().GetQueueClient(name);
        await queue.CreateAsync();
        await queue.SendMessageAsync("{\"v\":1}");

        // Read raw, as the Functions host does before decoding with host.json's messageEncoding.
        var raw = new QueueClient(azurite.ConnectionString, name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
        var text = (await raw.PeekMessagesAsync(1)).Value.Single().MessageText;
        Assert.Equal("{\"v\":1}", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(text)));
        Assert.Equal("devstoreaccount1", provider.GetRequiredService<TableServiceClient>().AccountName);
        Assert.Equal("devstoreaccount1", provider.GetRequiredService<BlobServiceClient>().AccountName);
    }

    [Fact]
    public void A_client_the_host_registered_first_is_kept()
    {
        var own = new TableServiceClient("UseDevelopmentStorage=true");

        using var provider = Build(InAzure, services => services.AddSingleton(own));

        Assert.Same(own, provider.GetRequiredService<TableServiceClient>());
    }

    [Fact]
    public void The_sdks_forwarded_logs_pass_from_Error_up_unless_configured()
    {
        using var quiet = Build(InAzure);
        using var verbose = Build(new(InAzure) { ["Logging:LogLevel:Azure.Core"] = "Information" });

        var core = quiet.GetRequiredService<ILoggerFactory>().CreateLogger("Azure.Core");
        Assert.False(core.IsEnabled(LogLevel.Warning), "every expected 409 would be a warning");
        Assert.True(core.IsEnabled(LogLevel.Error));
        Assert.True(verbose.GetRequiredService<ILoggerFactory>().CreateLogger("Azure.Core").IsEnabled(LogLevel.Information));
        Assert.True(quiet.GetRequiredService<ILoggerFactory>().CreateLogger("RotationFunctions.Handover.HandoverProcessor").IsEnabled(LogLevel.Information));
    }
}
