using Azure;
using Azure.Core;
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
        CustomParser = ParseHttpUri,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(ConnectionString);
        command.Options.Add(TableEndpoint);
    }

    /// <summary>The connection string to use when no --table-endpoint is given.</summary>
    public string ResolveConnectionString(ParseResult parse) =>
        parse.GetValue(ConnectionString) ?? Environment.GetEnvironmentVariable(EnvironmentVariable) ?? "UseDevelopmentStorage=true";

    public TableServiceClient CreateClient(ParseResult parse, TokenCredential? credential = null)
    {
        // A CLI should fail fast with one line, not retry for a minute.
        var options = new TableClientOptions { Retry = { MaxRetries = 1, Delay = TimeSpan.FromMilliseconds(200), NetworkTimeout = TimeSpan.FromSeconds(20) } };
        return parse.GetValue(TableEndpoint) is { } endpoint
            ? new TableServiceClient(endpoint, credential ?? new DefaultAzureCredential(), options)
            : new TableServiceClient(ResolveConnectionString(parse), options);
    }

    /// <summary>System.CommandLine 2.0 has no Uri parser of its own: an absolute http(s) URI or a parse error.</summary>
    public static Uri? ParseHttpUri(System.CommandLine.Parsing.ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
        {
            return uri;
        }
        result.AddError($"'{text}' is not an absolute http(s) URL.");
        return null;
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
