using Microsoft.Extensions.Options;
using RotationFunctions.Channels.Bluesky;
using RotationFunctions.Tokens;

namespace RotationFunctions.Cli.Tokens;

/// <summary>
/// <c>rotation bluesky authorize --account ID --handle HANDLE</c>: signs the account in once with its password
/// (com.atproto.server.createSession; the code Bluesky e-mails when the account has two-factor sign-in,
/// AuthFactorTokenRequired) and stores the session, whose refresh token the app rotates from then on, in Key Vault.
/// The password is read from the terminal and goes nowhere else.
/// </summary>
public static class BlueskyCommands
{
    public static Command Create(CliConsole console, TokenCliOptions? options = null) =>
        new("bluesky", "Bluesky access: sign an account in (once, or after its session chain broke).") { CreateAuthorize(console, options ?? new TokenCliOptions()) };

    private static Command CreateAuthorize(CliConsole console, TokenCliOptions cli)
    {
        var connection = new TokenCliConnection();
        var account = new Option<string>("--account") { Description = "Account id (RowKey in the Accounts table).", Required = true };
        var handle = new Option<string>("--handle") { Description = "The account's Bluesky handle (or e-mail), e.g. sodersjukhuset.bsky.social.", Required = true };
        var service = new Option<Uri>("--service")
        {
            Description = "The account's PDS (the app's Bluesky:ServiceUrl).",
            DefaultValueFactory = _ => new Uri("https://bsky.social/"),
            CustomParser = StorageConnection.ParseHttpUri,
        };
        var command = new Command("authorize",
            "Sign an account in to Bluesky with its main password (asked here; app passwords cannot make the curators' app passwords) and store the session in Key Vault.")
        {
            account, handle, service,
        };
        connection.AddTo(command);
        connection.AddLeaseOptionsTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            await using var services = connection.BuildServices(parse, cli, [new($"{BlueskyOptions.SectionName}:{nameof(BlueskyOptions.ServiceUrl)}", parse.GetValue(service)!.ToString())]);
            try
            {
                return await AuthorizeAsync(services, console, parse.GetValue(account)!, parse.GetValue(handle)!, parse.InvocationConfiguration.Output, error, cancellationToken);
            }
            catch (BlueskyXrpcException e)
            {
                await error.WriteLineAsync($"error: {e.Message}; nothing was stored.");
                return 1;
            }
            catch (Exception ex) when (XCommands.Explain(ex) is { } message)
            {
                await error.WriteLineAsync($"error: {message}");
                return 1;
            }
        });
        return command;
    }

    private static async Task<int> AuthorizeAsync(IServiceProvider services, CliConsole console, string accountId, string handle, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        StorageNames.Default.TokenSecret(accountId); // validates the id before anything else
        if (await services.GetRequiredService<AccountsTable>().GetAsync(accountId, cancellationToken) is null)
        {
            await error.WriteLineAsync($"error: account '{accountId}' has no row in the Accounts table: add it first (PartitionKey 'account', RowKey '{accountId}').");
            return 1;
        }
        var client = services.GetRequiredService<BlueskyClient>();
        await output.WriteAsync($"Password of {handle} (the account's main password): ");
        await output.FlushAsync(cancellationToken);
        var password = SecretInput.ReadLine(console);
        if (string.IsNullOrEmpty(password))
        {
            await error.WriteLineAsync("error: no password given; nothing was stored.");
            return 1;
        }
        BlueskySession session;
        try
        {
            session = await client.CreateSessionAsync(handle, password, cancellationToken);
        }
        catch (BlueskyXrpcException e) when (e.Error == "AuthFactorTokenRequired")
        {
            // Two-factor sign-in by e-mail: Bluesky has just mailed a code to the account's address.
            await output.WriteAsync("Bluesky e-mailed a sign-in code to the account's address. Code: ");
            await output.FlushAsync(cancellationToken);
            var code = SecretInput.ReadLine(console)?.Trim();
            if (string.IsNullOrEmpty(code))
            {
                await error.WriteLineAsync("error: no code given; nothing was stored.");
                return 1;
            }
            session = await client.CreateSessionAsync(handle, password, cancellationToken, authFactorToken: code);
        }
        catch (BlueskyXrpcException e) when (e.Error == "AuthenticationRequired")
        {
            await error.WriteLineAsync($"error: Bluesky did not accept {handle} with that password; nothing was stored.");
            return 1;
        }
        await output.WriteLineAsync();

        // Under the account's Bluesky lease, as a refresh takes it: no refresh may spend the old session while it is replaced.
        TokenLease lease;
        try
        {
            lease = await services.GetRequiredService<TokenLeases>().AcquireAsync("bluesky-" + accountId, cancellationToken);
        }
        catch (TimeoutException)
        {
            var wait = services.GetRequiredService<IOptions<TokenRotationOptions>>().Value.LeaseWaitTimeout;
            await error.WriteLineAsync($"error: another process held the Bluesky session lease of account {accountId} for more than {wait.TotalSeconds:0} s; nothing was stored. Run the command again in a minute.");
            return 1;
        }
        await using (lease)
        {
            await services.GetRequiredService<BlueskySessions>().SaveAsync(accountId, session, cancellationToken);
        }
        var secret = services.GetRequiredService<IOptions<BlueskyOptions>>().Value.SessionSecretPrefix + accountId;
        await output.WriteLineAsync($"Signed account {accountId} in to Bluesky as {session.Handle} ({session.Did}).");
        await output.WriteLineAsync($"Session stored in Key Vault secret {secret}; the app refreshes it from now on.");
        return 0;
    }
}
