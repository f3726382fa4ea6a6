using System.CommandLine;
using System.Net.Http.Headers;
using RotationFunctions.Channels.Bluesky;
using RotationFunctions.Cli;
using RotationFunctions.Cli.Tokens;
using RotationFunctions.StandIns.Bluesky;
using RotationFunctions.StandIns.Mastodon;

namespace RotationFunctions.Tests.Tokens;

/// <summary>
/// `rotation bluesky authorize` and `rotation mastodon authorize`, in-process on Azurite, the Key Vault stand-in and the
/// Bluesky and Mastodon stand-ins: what they store is what the app then uses, and no password, code or token is printed.
/// </summary>
public sealed class ChannelAuthorizeCliTests(AzuriteFixture azurite) : TokenEnvironmentTestBase(azurite)
{
    private const string Did = "did:plc:acme";
    private const string Handle = "acme.bsky.social";

    public override async Task InitializeAsync()
    {
        await StartEnvironmentAsync();
        await Env.AddAccountAsync(Account);
    }

    [Fact]
    public async Task Bluesky_authorize_asks_for_the_password_and_the_mailed_code_and_stores_a_session_the_app_refreshes()
    {
        await using var pds = await BlueskyStandIn.StartAsync();
        pds.AddAccount(Did, Handle, "the-main-password", signInCode: "ABCDE-12345");

        var (exit, output, error) = await RunAsync(null, "the-main-password\nABCDE-12345\n", BlueskyArgs(pds));

        Assert.True(exit == 0, error);
        Assert.Contains("e-mailed a sign-in code", output, StringComparison.Ordinal);
        Assert.Contains($"Signed account {Account} in to Bluesky as {Handle} ({Did})", output, StringComparison.Ordinal);
        var stored = JsonSerializer.Deserialize<BlueskySession>((await Env.CreateSecretClient().GetSecretAsync("bluesky-session-" + Account)).Value.Value)!;
        Assert.Equal(Did, stored.Did);
        Assert.Equal(2, pds.GetRequestCount("com.atproto.server.createSession"));
        // The stored chain is live: the app's refresh takes it.
        using var http = new HttpClient();
        var client = new BlueskyClient(http, Options.Create(new BlueskyOptions { ServiceUrl = pds.BaseAddress }));
        Assert.Equal(Did, (await client.RefreshSessionAsync(stored.RefreshJwt, default)).Did);
        foreach (var secret in new[] { "the-main-password", "ABCDE-12345", stored.AccessJwt, stored.RefreshJwt })
        {
            Assert.DoesNotContain(secret, output + error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Bluesky_authorize_with_a_wrong_password_stores_nothing()
    {
        await using var pds = await BlueskyStandIn.StartAsync();
        pds.AddAccount(Did, Handle, "the-main-password");

        var (exit, output, error) = await RunAsync(null, "not-the-password\n", BlueskyArgs(pds));

        Assert.Equal(1, exit);
        Assert.Contains($"Bluesky did not accept {Handle} with that password; nothing was stored", error, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", output + error, StringComparison.Ordinal);
        await Assert.ThrowsAsync<Azure.RequestFailedException>(() => Env.CreateSecretClient().GetSecretAsync("bluesky-session-" + Account));
    }

    [Fact]
    public async Task Mastodon_authorize_runs_the_code_flow_with_PKCE_and_stores_a_token_of_the_signed_in_account()
    {
        await using var instance = await MastodonStandIn.StartAsync();
        instance.AddAccount("109000000000000001", "acme", "the-browser-session");
        instance.SignIn("the-browser-session");

        var (exit, output, error) = await RunAsync(FollowAuthorizeUrlAsync, "", MastodonArgs(instance));

        Assert.True(exit == 0, error);
        Assert.Contains("Authorized account acme as @acme on 127.0.0.1", output, StringComparison.Ordinal);
        var token = (await Env.CreateSecretClient().GetSecretAsync("mastodon-token-" + Account)).Value.Value;
        Assert.NotEqual("the-browser-session", token);
        Assert.DoesNotContain(token, output + error, StringComparison.Ordinal);
        // The token is the account's: it posts as acme.
        using var http = new HttpClient { BaseAddress = instance.BaseAddress };
        using var post = new HttpRequestMessage(HttpMethod.Post, "api/v1/statuses") { Content = new FormUrlEncodedContent([new("status", "Hej")]) };
        post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var posted = await http.SendAsync(post);
        Assert.True(posted.IsSuccessStatusCode);
        Assert.Single(instance.GetStatuses("109000000000000001"));
    }

    [Fact]
    public async Task Mastodon_authorize_refuses_a_redirect_with_another_state_and_stores_nothing()
    {
        await using var instance = await MastodonStandIn.StartAsync();
        instance.AddAccount("109000000000000001", "acme", "the-browser-session");
        instance.SignIn("the-browser-session");

        var (exit, _, error) = await RunAsync(async output =>
        {
            var url = await WaitForAuthorizeUrlAsync(output);
            using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
            using var approved = await browser.GetAsync(url);
            var forged = new Uri(System.Text.RegularExpressions.Regex.Replace(approved.Headers.Location!.ToString(), "state=[^&]+", "state=forged"));
            using var response = await browser.GetAsync(forged);
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        }, "", MastodonArgs(instance));

        Assert.Equal(1, exit);
        Assert.Contains("state does not match", error, StringComparison.Ordinal);
        await Assert.ThrowsAsync<Azure.RequestFailedException>(() => Env.CreateSecretClient().GetSecretAsync("mastodon-token-" + Account));
    }

    [Fact]
    public async Task Mastodon_authorize_gives_up_when_no_browser_comes_back_in_time_and_stores_nothing()
    {
        await using var instance = await MastodonStandIn.StartAsync();
        instance.AddAccount("109000000000000001", "acme", "the-browser-session");

        var (exit, _, error) = await RunAsync(null, "", [.. MastodonArgs(instance)[..^1], "1"]);

        Assert.Equal(1, exit);
        Assert.Contains("error: no redirect arrived within 1 s; nothing was stored.", error, StringComparison.Ordinal);
        await Assert.ThrowsAsync<Azure.RequestFailedException>(() => Env.CreateSecretClient().GetSecretAsync("mastodon-token-" + Account));
    }

    private string[] Connection() =>
        ["--account", Account, "--vault-uri", Env.Vault.VaultUri.ToString(), "--connection-string", Env.ConnectionString, "--accounts-table", Env.AccountsTable];

    private string[] BlueskyArgs(BlueskyStandIn pds) => ["bluesky", "authorize", .. Connection(), "--handle", Handle, "--service", pds.BaseAddress.ToString()];

    private string[] MastodonArgs(MastodonStandIn instance) =>
        ["mastodon", "authorize", .. Connection(), "--instance", instance.BaseAddress.ToString(), "--timeout-seconds", "20"];

    private async Task<(int Exit, string Output, string Error)> RunAsync(Func<CapturingWriter, Task>? browser, string input, string[] args)
    {
        var options = new TokenCliOptions
        {
            ConfigureServices = services =>
            {
                services.AddSingleton<SecretClient>(_ => Env.CreateSecretClient());
                services.AddSingleton(_ => new TableServiceClient(Env.ConnectionString));
            },
        };
        var output = new CapturingWriter();
        var error = new CapturingWriter();
        var console = new CliConsole(new StringReader(input), output, error);
        var root = new RootCommand { BlueskyCommands.Create(console, options), MastodonCommands.Create(options) };
        var run = Task.Run(() => root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }));
        if (browser is not null)
        {
            await browser(output);
        }
        var exit = await run.WaitAsync(TimeSpan.FromSeconds(30));
        return (exit, output.Text, error.Text);
    }

    /// <summary>Plays the admin's browser: opens the printed URL; the instance approves and redirects to the loopback listener.</summary>
    private static async Task FollowAuthorizeUrlAsync(CapturingWriter output)
    {
        var url = await WaitForAuthorizeUrlAsync(output);
        using var browser = new HttpClient();
        using var response = await browser.GetAsync(url);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<Uri> WaitForAuthorizeUrlAsync(CapturingWriter output)
    {
        for (var i = 0; i < 500; i++)
        {
            var line = output.Text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("http", StringComparison.Ordinal) && l.Contains("oauth/authorize?", StringComparison.Ordinal));
            if (line is not null)
            {
                var url = new Uri(line);
                Assert.Contains("code_challenge_method=S256", url.Query, StringComparison.Ordinal);
                Assert.Contains("scope=read%3Aaccounts%20read%3Astatuses%20write%3Astatuses", url.Query, StringComparison.Ordinal);
                return url;
            }
            await Task.Delay(20);
        }
        throw new TimeoutException("The CLI printed no authorize URL:\n" + output.Text);
    }
}
