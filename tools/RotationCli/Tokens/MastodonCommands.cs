using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Options;
using RotationFunctions.Channels.Mastodon;
using RotationFunctions.Tokens;

namespace RotationFunctions.Cli.Tokens;

/// <summary>
/// <c>rotation mastodon authorize --account ID --instance URL</c>: the OAuth 2.0 code flow on the account's instance
/// (docs.joinmastodon.org/client/token): registers an app with a loopback redirect (POST /api/v1/apps), prints the
/// authorize URL (with PKCE S256, Mastodon 4.3+, and a state), receives the redirect on 127.0.0.1 as `x authorize`
/// does (RFC 8252), exchanges the code (POST /oauth/token), checks whose token it is (verify_credentials) and stores
/// it in Key Vault (Mastodon:TokenSecretPrefix + account; Mastodon tokens do not expire). No token is printed.
/// </summary>
public static class MastodonCommands
{
    /// <summary>What the app does with the token: post statuses, and read its own (the look-up past the Idempotency-Key's hour).</summary>
    public const string Scopes = "read:accounts read:statuses write:statuses";

    public static Command Create(TokenCliOptions? options = null) =>
        new("mastodon", "Mastodon access: authorize an account on its instance.") { CreateAuthorize(options ?? new TokenCliOptions()) };

    private static Command CreateAuthorize(TokenCliOptions cli)
    {
        var connection = new TokenCliConnection();
        var account = new Option<string>("--account") { Description = "Account id (RowKey in the Accounts table).", Required = true };
        var instance = new Option<Uri>("--instance") { Description = "The account's instance, e.g. https://mastodon.nu.", Required = true, CustomParser = StorageConnection.ParseHttpUri };
        var port = new Option<int>("--port") { Description = "Loopback port for the redirect (0: a free one).", DefaultValueFactory = _ => 0 };
        var timeout = new Option<int>("--timeout-seconds") { Description = "How long to wait for the browser.", DefaultValueFactory = _ => 300 };
        var command = new Command("authorize", "Authorize the app to post as an account's Mastodon user; stores the token in Key Vault.") { account, instance, port, timeout };
        connection.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            await using var services = connection.BuildServices(parse, cli);
            try
            {
                return await AuthorizeAsync(services, parse.GetValue(account)!, parse.GetValue(instance)!, parse.GetValue(port), TimeSpan.FromSeconds(parse.GetValue(timeout)),
                    parse.InvocationConfiguration.Output, error, cancellationToken);
            }
            catch (Exception ex) when (XCommands.Explain(ex) is { } message)
            {
                await error.WriteLineAsync($"error: {message}");
                return 1;
            }
        });
        return command;
    }

    private static async Task<int> AuthorizeAsync(IServiceProvider services, string accountId, Uri instance, int port, TimeSpan timeout, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        StorageNames.Default.TokenSecret(accountId); // validates the id before anything else
        var row = await services.GetRequiredService<AccountsTable>().GetAsync(accountId, cancellationToken);
        if (row is null)
        {
            await error.WriteLineAsync($"error: account '{accountId}' has no row in the Accounts table: add it first (PartitionKey 'account', RowKey '{accountId}').");
            return 1;
        }
        if (row.MastodonInstance is { } named && !string.Equals(named.Authority, instance.Authority, StringComparison.OrdinalIgnoreCase))
        {
            await error.WriteLineAsync($"warning: account {accountId} names instance {named} (MastodonInstance), not {instance}; the app posts to {named}.");
        }
        using var http = new HttpClient { BaseAddress = instance, Timeout = TimeSpan.FromSeconds(30) };
        using var listener = LoopbackRedirectListener.Start(port);
        var redirect = listener.RedirectUri.ToString();
        using var registered = await http.PostAsync("api/v1/apps", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_name"] = "RotationFunctions", ["redirect_uris"] = redirect, ["scopes"] = Scopes,
        }), cancellationToken);
        var app = await JsonAsync(registered, "registering the app (POST /api/v1/apps)", cancellationToken);
        var clientId = app["client_id"]?.GetValue<string>() ?? throw new InvalidOperationException("the instance registered the app without a client_id");
        var clientSecret = app["client_secret"]?.GetValue<string>() ?? "";

        var pkce = Pkce.Create();
        var state = Pkce.CreateState();
        var url = new Uri(instance, "oauth/authorize?" + string.Join("&", new Dictionary<string, string>
        {
            ["response_type"] = "code", ["client_id"] = clientId, ["redirect_uri"] = redirect, ["scope"] = Scopes, ["state"] = state,
            ["code_challenge"] = pkce.Challenge, ["code_challenge_method"] = "S256",
        }.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}")));
        await output.WriteLineAsync($"Authorizing account {accountId} on {instance}.");
        await output.WriteLineAsync("Open this URL in a browser signed in as the account's Mastodon user, and approve:");
        await output.WriteLineAsync($"  {url}");
        await output.WriteLineAsync($"Waiting up to {timeout.TotalSeconds:0} s for the instance to redirect to {redirect} ...");
        await output.FlushAsync(cancellationToken);

        if (await listener.WaitForCodeAsync(state, "the instance", timeout, error, "nothing was stored", cancellationToken) is not { } callback)
        {
            return 1;
        }

        using var exchanged = await http.PostAsync("oauth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = callback["code"], ["client_id"] = clientId, ["client_secret"] = clientSecret,
            ["redirect_uri"] = redirect, ["code_verifier"] = pkce.Verifier, ["scope"] = Scopes,
        }), cancellationToken);
        var token = (await JsonAsync(exchanged, "exchanging the code (POST /oauth/token)", cancellationToken))["access_token"]?.GetValue<string>()
            ?? throw new InvalidOperationException("the instance answered the code without an access_token");
        using var me = new HttpRequestMessage(HttpMethod.Get, "api/v1/accounts/verify_credentials");
        me.Headers.Authorization = new("Bearer", token);
        using var verified = await http.SendAsync(me, cancellationToken);
        var user = await JsonAsync(verified, "checking the token (GET /api/v1/accounts/verify_credentials)", cancellationToken);

        var name = services.GetRequiredService<IOptions<MastodonOptions>>().Value.TokenSecretPrefix + accountId;
        var secret = new KeyVaultSecret(name, token);
        secret.Properties.ContentType = "text/plain";
        secret.Properties.Tags["instance"] = instance.Authority;
        secret.Properties.Tags["username"] = user["username"]?.GetValue<string>() ?? "";
        await services.GetRequiredService<SecretClient>().SetSecretAsync(secret, cancellationToken);
        await output.WriteLineAsync($"Authorized account {accountId} as @{user["username"]} on {instance.Authority} (account id {user["id"]}).");
        await output.WriteLineAsync($"Token stored in Key Vault secret {name} (scopes: {Scopes}).");
        return 0;
    }

    /// <summary>The answer's JSON, or a refusal in Mastodon's words ({"error", "error_description"}; never a token).</summary>
    private static async Task<JsonObject> JsonAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var json = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode && json is not null)
        {
            return json;
        }
        throw new ArgumentException($"the instance refused {what}: {(int)response.StatusCode} {json?["error"]}{(json?["error_description"] is { } d ? $" ({d})" : "")}");
    }
}
