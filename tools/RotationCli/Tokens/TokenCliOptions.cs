using System.CommandLine;
using Azure.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RotationFunctions.Channels.X;
using RotationFunctions.Storage;
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

    public void AddTo(Command command)
    {
        command.Options.Add(VaultUri);
        Storage.AddTo(command);
        command.Options.Add(AccountsTable);
        command.Options.Add(XApi);
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
            .AddInMemoryCollection(settings ?? [])
            .Build();

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(cli.TimeProvider);
        // Registered first, so it wins over AddStorageClients' client: it fails fast and takes --table-endpoint.
        services.AddSingleton(sp => Storage.CreateClient(parse, sp.GetRequiredService<TokenCredential>()));
        services.AddStorageClients(configuration)
            .AddKeyVaultClient(configuration)
            .AddXApi(configuration)
            .AddTokenRotation(configuration);
        cli.ConfigureServices?.Invoke(services);
        return services.BuildServiceProvider();
    }
}
