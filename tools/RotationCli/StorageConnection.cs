using System.CommandLine;
using Azure;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;

namespace RotationFunctions.Cli;

/// <summary>How the CLI reaches the tables: a connection string (Azurite by default) or an endpoint with the admin's Entra login.</summary>
public sealed class StorageConnection
{
    public const string EnvironmentVariable = "Storage__ConnectionString";

    public Option<string?> ConnectionString { get; } = new("--connection-string")
    {
        Description = $"Storage connection string (default: ${EnvironmentVariable}, else Azurite's UseDevelopmentStorage=true).",
    };

    public Option<Uri?> TableEndpoint { get; } = new("--table-endpoint")
    {
        Description = "Table service URL, e.g. https://<account>.table.core.windows.net, signed in with DefaultAzureCredential.",
        CustomParser = Tokens.TokenCliConnection.ParseUri,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(ConnectionString);
        command.Options.Add(TableEndpoint);
    }

    public TableServiceClient CreateClient(ParseResult parse)
    {
        // A CLI should fail fast with one line, not retry for a minute.
        var options = new TableClientOptions { Retry = { MaxRetries = 1, Delay = TimeSpan.FromMilliseconds(200), NetworkTimeout = TimeSpan.FromSeconds(20) } };
        if (parse.GetValue(TableEndpoint) is { } endpoint)
        {
            return new TableServiceClient(endpoint, new DefaultAzureCredential(), options);
        }
        var connection = parse.GetValue(ConnectionString)
            ?? Environment.GetEnvironmentVariable(EnvironmentVariable)
            ?? "UseDevelopmentStorage=true";
        return new TableServiceClient(connection, options);
    }

    /// <summary>Turns the ways storage fails into one line an admin can act on.</summary>
    public static string? Explain(Exception exception, TableServiceClient client) => (exception is AggregateException { InnerException: { } inner } ? inner : exception) switch
    {
        RequestFailedException { Status: 404, ErrorCode: "TableNotFound" } =>
            $"The table does not exist at {client.Uri}: create the Accounts and Schedule tables (or run 'rotation schedule import', which creates them).",
        RequestFailedException { Status: 403 } e =>
            $"No access to the tables at {client.Uri} ({e.ErrorCode}): you need the Storage Table Data Contributor role, or a valid connection string.",
        RequestFailedException { Status: 0 } or HttpRequestException =>
            $"Cannot reach the Table service at {client.Uri}: is Azurite running (npx azurite) or is the endpoint right?",
        AuthenticationFailedException or CredentialUnavailableException =>
            $"Could not sign in to {client.Uri}: run 'az login' or pass --connection-string.",
        RequestFailedException e => $"The Table service at {client.Uri} refused the request: {e.Status} {e.ErrorCode}.",
        _ => null,
    };
}
