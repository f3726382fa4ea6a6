using System.CommandLine;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RotationFunctions.Tokens;
using RotationFunctions.X;

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
    public const string StorageConnectionStringVariable = "Storage__ConnectionString";

    public Option<Uri> VaultUri { get; } = new("--vault-uri")
    {
        Description = "Key Vault that holds the X client credentials and token bundles, e.g. https://<vault>.vault.azure.net (signed in with DefaultAzureCredential).",
        Required = true,
        CustomParser = ParseUri,
    };

    public Option<string?> ConnectionString { get; } = new("--connection-string")
    {
        Description = $"Storage connection string for the Accounts table (default: ${StorageConnectionStringVariable}, else Azurite's UseDevelopmentStorage=true).",
    };

    public Option<Uri?> TableEndpoint { get; } = new("--table-endpoint")
    {
        Description = "Table service URL, e.g. https://<account>.table.core.windows.net, signed in with DefaultAzureCredential.",
        CustomParser = ParseUri,
    };

    public Option<string> AccountsTable { get; } = new("--accounts-table")
    {
        Description = "Name of the accounts table.",
        DefaultValueFactory = _ => RotationFunctions.Schedule.StorageNames.AccountsTable,
    };

    public Option<Uri> XApi { get; } = new("--x-api")
    {
        Description = "X API base address.",
        DefaultValueFactory = _ => new Uri("https://api.x.com/"),
        CustomParser = ParseUri,
    };

    /// <summary>System.CommandLine 2.0 has no Uri parser of its own: an absolute http(s) URI or a parse error.</summary>
    internal static Uri? ParseUri(System.CommandLine.Parsing.ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
        {
            return uri;
        }
        result.AddError($"'{text}' is not an absolute http(s) URL.");
        return null;
    }

    public void AddTo(Command command)
    {
        command.Options.Add(VaultUri);
        command.Options.Add(ConnectionString);
        command.Options.Add(TableEndpoint);
        command.Options.Add(AccountsTable);
        command.Options.Add(XApi);
    }

    public ServiceProvider BuildServices(ParseResult parse, TokenCliOptions cli, IEnumerable<KeyValuePair<string, string?>>? settings = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"{XOptions.SectionName}:{nameof(XOptions.BaseUrl)}"] = parse.GetValue(XApi)!.ToString(),
                [$"{TokenRotationOptions.SectionName}:{nameof(TokenRotationOptions.AccountsTable)}"] = parse.GetValue(AccountsTable),
            })
            .AddInMemoryCollection(settings ?? [])
            .Build();

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(cli.TimeProvider);
        TokenCredential credential = new DefaultAzureCredential();
        var vault = parse.GetValue(VaultUri)!;
        services.AddSingleton(_ => new SecretClient(vault, credential));
        if (parse.GetValue(TableEndpoint) is { } endpoint)
        {
            services.AddSingleton(_ => new TableServiceClient(endpoint, credential));
        }
        else
        {
            var connection = parse.GetValue(ConnectionString)
                ?? Environment.GetEnvironmentVariable(StorageConnectionStringVariable)
                ?? "UseDevelopmentStorage=true";
            services.AddSingleton(_ => new TableServiceClient(connection));
            services.AddSingleton(_ => new BlobServiceClient(connection));
        }
        services.AddXApi(configuration);
        services.AddTokenRotation(configuration);
        cli.ConfigureServices?.Invoke(services);
        return services.BuildServiceProvider();
    }
}
