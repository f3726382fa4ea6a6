using Azure.Core;
using Azure.Storage.Blobs;
using RotationFunctions.Channels.Bluesky;
using RotationFunctions.Channels.Mastodon;
using RotationFunctions.Channels.X;
using RotationFunctions.Tokens;

namespace RotationFunctions.Cli.Tokens;

/// <summary>
/// What the token commands take from their host. The real CLI passes nothing; tests pass the
/// stand-ins' clients through <see cref="ConfigureServices"/> (registrations made there win) and a clock.
/// </summary>
public sealed class TokenCliOptions
{
    /// <summary>Runs after the CLI's own registrations, so a test can replace SecretClient, TableServiceClient or HTTP handlers.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

/// <summary>The connection options the token commands share, and the services they build from them.</summary>
internal sealed class TokenCliConnection
{
    public Option<Uri> VaultUri { get; } = new("--vault-uri")
    {
        Description = "Key Vault that holds the X client credentials and token bundles, e.g. https://<vault>.vault.azure.net (signed in with DefaultAzureCredential).",
        Required = true,
        CustomParser = StorageConnection.ParseHttpUri,
    };

    /// <summary>Where the Accounts table is: the same options as the schedule commands.</summary>
    public StorageConnection Storage { get; } = new();

    public Option<string> AccountsTable { get; } = new("--accounts-table")
    {
        Description = "Name of the accounts table.",
        DefaultValueFactory = _ => StorageNames.Default.AccountsTable,
    };

    public Option<Uri> XApi { get; } = new("--x-api")
    {
        Description = "X API base address.",
        DefaultValueFactory = _ => new Uri("https://api.x.com/"),
        CustomParser = StorageConnection.ParseHttpUri,
    };

    /// <summary>Where the rotation leases are (authorize takes the account's lease, as a rotation does).</summary>
    public Option<string> LeaseContainer { get; } = new("--lease-container")
    {
        Description = "Blob container of the token rotation leases (the app's Names__LeaseContainer).",
        DefaultValueFactory = _ => StorageNames.Default.LeaseContainer,
    };

    public Option<Uri?> BlobEndpoint { get; } = new("--blob-endpoint")
    {
        Description = "Blob service URL for the rotation lease, e.g. https://<account>.blob.core.windows.net (default: from --table-endpoint, or the connection string).",
        CustomParser = StorageConnection.ParseHttpUri,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(VaultUri);
        Storage.AddTo(command);
        command.Options.Add(AccountsTable);
        command.Options.Add(XApi);
    }

    /// <summary>Adds the lease options, for commands that take the account's rotation lease.</summary>
    public void AddLeaseOptionsTo(Command command)
    {
        command.Options.Add(LeaseContainer);
        command.Options.Add(BlobEndpoint);
    }

    /// <summary>
    /// The token services, wired by the core's AddXxx as in the Function App (storage, Key Vault, X,
    /// tokens) from settings these options make; only the Table client is the CLI's own (below).
    /// </summary>
    public ServiceProvider BuildServices(ParseResult parse, TokenCliOptions cli, IEnumerable<KeyValuePair<string, string?>>? settings = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"{XOptions.SectionName}:{nameof(XOptions.BaseUrl)}"] = parse.GetValue(XApi)!.ToString(),
                [$"{StorageNames.Section}:{nameof(StorageNames.AccountsTable)}"] = parse.GetValue(AccountsTable),
                [$"{KeyVaultOptions.Section}:{nameof(KeyVaultOptions.VaultUri)}"] = parse.GetValue(VaultUri)!.ToString(),
                // With --table-endpoint there is no connection string: the tables are reached with the admin's login.
                [$"{StorageOptions.Section}:{nameof(StorageOptions.ConnectionString)}"] =
                    parse.GetValue(Storage.TableEndpoint) is null ? Storage.ResolveConnectionString(parse) : null,
            })
            // Only commands that take the lease have the option; the others keep the default name.
            .AddInMemoryCollection(parse.GetValue(LeaseContainer) is { Length: > 0 } leases
                ? [new($"{StorageNames.Section}:{nameof(StorageNames.LeaseContainer)}", leases)]
                : [])
            .AddInMemoryCollection(settings ?? [])
            .Build();

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(cli.TimeProvider);
        // Registered first, so they win over AddStorageClients' clients: they fail fast and take --table-endpoint.
        services.AddSingleton(sp => Storage.CreateClient(parse, sp.GetRequiredService<TokenCredential>()));
        services.AddSingleton(sp => CreateBlobClient(parse, sp.GetRequiredService<TokenCredential>()));
        services.AddStorageClients(configuration)
            .AddKeyVaultClient(configuration)
            .AddXApi(configuration)
            .AddTokenRotation(configuration)
            .AddBluesky(configuration)
            .AddMastodon(configuration);
        cli.ConfigureServices?.Invoke(services);
        return services.BuildServiceProvider();
    }

    /// <summary>
    /// The Blob client for the rotation lease: --blob-endpoint, else the blob endpoint of the same account as
    /// --table-endpoint (https://NAME.table.core.windows.net → https://NAME.blob.core.windows.net), with the
    /// admin's login; else the connection string.
    /// </summary>
    private BlobServiceClient CreateBlobClient(ParseResult parse, TokenCredential credential)
    {
        var options = new BlobClientOptions { Retry = { MaxRetries = 1, Delay = TimeSpan.FromMilliseconds(200), NetworkTimeout = TimeSpan.FromSeconds(20) } };
        if ((parse.GetValue(BlobEndpoint) ?? BlobEndpointOf(parse.GetValue(Storage.TableEndpoint))) is { } endpoint)
        {
            return new BlobServiceClient(endpoint, credential, options);
        }
        if (parse.GetValue(Storage.TableEndpoint) is { } table)
        {
            throw new ArgumentException($"Cannot tell the blob endpoint of {table}: pass --blob-endpoint.");
        }
        return new BlobServiceClient(Storage.ResolveConnectionString(parse), options);
    }

    private static Uri? BlobEndpointOf(Uri? tableEndpoint)
    {
        if (tableEndpoint is null)
        {
            return null;
        }
        var labels = tableEndpoint.Host.Split('.');
        if (labels.Length < 3 || !string.Equals(labels[1], "table", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        labels[1] = "blob";
        return new UriBuilder(tableEndpoint) { Host = string.Join('.', labels), Path = "/" }.Uri;
    }
}
