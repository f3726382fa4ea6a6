using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Identity;
using Microsoft.Extensions.Options;
using RotationFunctions.Channels.X;
using RotationFunctions.Tokens;

namespace RotationFunctions.Cli.Tokens;

/// <summary><c>rotation x authorize --account ID</c>: OAuth 2.0 Authorization Code + PKCE (S256) on a loopback redirect.</summary>
public static class XCommands
{
    public static Command Create(TokenCliOptions? options = null) =>
        new("x", "X API access: authorize an account (once, or after its token chain broke).") { CreateAuthorize(options ?? new TokenCliOptions()) };

    private static Command CreateAuthorize(TokenCliOptions cli)
    {
        var connection = new TokenCliConnection();
        var account = new Option<string>("--account") { Description = "Account id (RowKey in the Accounts table).", Required = true };
        var authorizeUrl = new Option<Uri>("--authorize-url")
        {
            Description = "X's authorize page.",
            DefaultValueFactory = _ => new Uri("https://x.com/i/oauth2/authorize"),
            CustomParser = StorageConnection.ParseHttpUri,
        };
        var port = new Option<int>("--port")
        {
            Description = "Loopback port for the redirect (0: a free one). X only redirects to a callback URL registered for the app, " +
                          "so with X itself register http://127.0.0.1:PORT/callback and pass that port.",
            DefaultValueFactory = _ => 0,
        };
        var timeout = new Option<int>("--timeout-seconds") { Description = "How long to wait for the browser.", DefaultValueFactory = _ => 300 };
        var open = new Option<bool>("--open") { Description = "Also try to open the URL in the default browser." };
        var allowUserChange = new Option<bool>("--allow-user-change")
        {
            Description = "Accept an X user other than the one the account row already names (XUserId).",
        };

        var command = new Command("authorize", "Authorize the app to post as an account's X user; stores the tokens in Key Vault.")
        {
            account, authorizeUrl, port, timeout, open, allowUserChange,
        };
        connection.AddTo(command);
        connection.AddLeaseOptionsTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var accountId = parse.GetValue(account)!;
            await using var services = connection.BuildServices(parse, cli);
            try
            {
                return await AuthorizeAsync(
                    services, accountId, parse.GetValue(authorizeUrl)!, parse.GetValue(port), TimeSpan.FromSeconds(parse.GetValue(timeout)),
                    parse.GetValue(open), parse.GetValue(allowUserChange), output, error, cancellationToken);
            }
            catch (Exception ex) when (Explain(ex) is { } message)
            {
                await error.WriteLineAsync($"error: {message}");
                return 1;
            }
        });
        return command;
    }

    private static async Task<int> AuthorizeAsync(
        IServiceProvider services, string accountId, Uri authorizeUrl, int port, TimeSpan timeout, bool open, bool allowUserChange,
        TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        StorageNames.Default.TokenSecret(accountId); // validates the id before anything else
        var accounts = services.GetRequiredService<AccountsTable>();
        var store = services.GetRequiredService<ITokenStore>();

        var row = await accounts.GetAsync(accountId, cancellationToken);
        if (row is null)
        {
            await error.WriteLineAsync($"error: account '{accountId}' has no row in the Accounts table: add it first (PartitionKey 'account', RowKey '{accountId}').");
            return 1;
        }
        var credentials = await store.GetClientCredentialsAsync(cancellationToken);

        // The account's rotation lease, as a rotation takes it, before the browser step: no rotation may read,
        // refresh or store the account's tokens while this command replaces them, and X's authorization code is
        // only good for seconds, so the wait for the lease must come before X issues one.
        TokenLease lease;
        try
        {
            lease = await services.GetRequiredService<TokenLeases>().AcquireAsync(accountId, cancellationToken);
        }
        catch (TimeoutException)
        {
            var wait = services.GetRequiredService<IOptions<TokenRotationOptions>>().Value.LeaseWaitTimeout;
            await error.WriteLineAsync(
                $"error: another process held the token rotation lease of account {accountId} for more than {wait.TotalSeconds:0} s " +
                "(a rotation, or another 'x authorize', in progress); nothing was changed. Run the command again in a minute.");
            return 1;
        }
        await using (lease)
        {
            return await AuthorizeUnderLeaseAsync(services, row, credentials, lease, authorizeUrl, port, timeout, open, allowUserChange, output, error, cancellationToken);
        }
    }

    private static async Task<int> AuthorizeUnderLeaseAsync(
        IServiceProvider services, AccountSettings row, XClientCredentials credentials, TokenLease lease, Uri authorizeUrl, int port, TimeSpan timeout,
        bool open, bool allowUserChange, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var accountId = row.Id;
        var tokenState = services.GetRequiredService<TokenStateWriter>();
        var store = services.GetRequiredService<ITokenStore>();
        var time = services.GetRequiredService<TimeProvider>();
        var pkce = Pkce.Create();
        var state = Pkce.CreateState();

        using var listener = LoopbackRedirectListener.Start(port);
        var url = XOAuthClient.BuildAuthorizeUri(authorizeUrl, credentials.ClientId, listener.RedirectUri, state, pkce.Challenge);
        await output.WriteLineAsync($"Authorizing account {accountId} ({(credentials.IsConfidential ? "confidential" : "public")} client {credentials.ClientId}).");
        await output.WriteLineAsync("Open this URL in a browser and sign in as the account's X user:");
        await output.WriteLineAsync($"  {url}");
        await output.WriteLineAsync($"Waiting up to {timeout.TotalSeconds:0} s for X to redirect to {listener.RedirectUri} ...");
        await output.FlushAsync(cancellationToken);
        if (open)
        {
            TryOpenBrowser(url, error);
        }

        if (await listener.WaitForCodeAsync(state, "X", timeout, error, "nothing was changed", cancellationToken) is not { } callback)
        {
            return 1;
        }
        if (!await lease.ConfirmAsync(cancellationToken))
        {
            await error.WriteLineAsync($"error: the token rotation lease of account {accountId} was lost while waiting for the browser (Storage unreachable?); nothing was changed. Run the command again.");
            return 1;
        }

        var oauth = services.GetRequiredService<XOAuthClient>();
        var bundle = await oauth.ExchangeCodeAsync(callback["code"], pkce.Verifier, listener.RedirectUri, credentials, cancellationToken);
        if (!bundle.Scope.Split(' ').Contains("offline.access", StringComparer.Ordinal))
        {
            await error.WriteLineAsync($"warning: X granted '{bundle.Scope}' without offline.access; rotation needs it.");
        }
        var me = await services.GetRequiredService<XClient>().GetMeAsync(bundle.AccessToken, cancellationToken);
        if (!string.IsNullOrEmpty(row.XUserId) && row.XUserId != me.Id && !allowUserChange)
        {
            await error.WriteLineAsync(
                $"error: you signed in as @{me.Username} (id {me.Id}) but account {accountId} posts as X user id {row.XUserId}" +
                $"{(row.XHandle is { Length: > 0 } h ? $" (@{h.TrimStart('@')})" : "")}. Sign in as that user, or pass --allow-user-change. Nothing was stored.");
            return 1;
        }

        var stored = await store.SaveAsync(accountId, bundle, "authorize", cancellationToken);
        await tokenState.SetXUserAsync(accountId, me.Id, me.Username, cancellationToken);
        // Under the lease this is the newest word on the account's tokens: recorded whatever the row said.
        await tokenState.MarkAuthorizedAsync(accountId, $"authorized as @{me.Username} at {time.GetUtcNow():O}", bundle.ExpiresAt, cancellationToken);

        await output.WriteLineAsync($"Authorized account {accountId} as @{me.Username} (X user id {me.Id}).");
        await output.WriteLineAsync($"Tokens stored in Key Vault secret {StorageNames.Default.TokenSecret(accountId)} (version {stored.Version}); access token valid until {bundle.ExpiresAt:O}, scopes: {bundle.Scope}.");
        await output.WriteLineAsync("Token chain: ok. The rotation timer refreshes the tokens from now on.");
        return 0;
    }
    private static void TryOpenBrowser(Uri url, TextWriter error)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(url.AbsoluteUri) { UseShellExecute = true });
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException or PlatformNotSupportedException)
        {
            error.WriteLine("note: could not open a browser; open the URL yourself.");
        }
    }

    /// <summary>One line an admin can act on for the ways the services fail; null lets the exception through.</summary>
    internal static string? Explain(Exception exception) => exception switch
    {
        TokenEndpointException e => e.Message,
        XApiException e => e.Message,
        TokenStoreException e => e.Message,
        OptionsValidationException e => e.Message,
        ArgumentException e => e.Message,
        RequestFailedException { Status: 403 } e => $"access denied ({e.ErrorCode}): you need Key Vault Secrets Officer on the vault, Storage Table Data Contributor on the tables and Storage Blob Data Contributor on the token-leases container.",
        RequestFailedException e => $"an Azure service refused the request: {e.Status} {e.ErrorCode}.",
        AuthenticationFailedException or CredentialUnavailableException => "could not sign in to Azure: run 'az login' (or pass --connection-string for storage).",
        HttpRequestException e => $"a service could not be reached ({e.HttpRequestError}).",
        _ => null,
    };
}
