using System.CommandLine;
using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using RotationFunctions.Channels.X;
using RotationFunctions.Cli.Tokens;

namespace RotationFunctions.Tests.Tokens;

public sealed class TokenCliTests(AzuriteFixture azurite) : TokenEnvironmentTestBase(azurite)
{
    private async Task StartAsync(bool confidentialClient = true)
    {
        await StartEnvironmentAsync(confidentialClient: confidentialClient);
        await Env.AddAccountAsync(Account, tokenState: "broken");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task X_authorize_end_to_end_stores_tokens_names_the_user_and_heals_the_chain(bool confidentialClient)
    {
        await StartAsync(confidentialClient);

        var (exit, output, error) = await RunAsync(FollowAuthorizeUrlAsync, AuthorizeArgs());

        Assert.True(exit == 0, error);
        var bundle = Env.StoredBundle(Account)!;
        Assert.Contains("offline.access", bundle.Scope, StringComparison.Ordinal);
        var host = Env.CreateHost();
        Assert.Equal(TokenTestEnvironment.UserId, (await host.GetRequiredService<XClient>().GetMeAsync(bundle.AccessToken, CancellationToken.None)).Id);
        var account = (await Env.GetAccountAsync(Account))!;
        Assert.Equal((TokenTestEnvironment.UserId, TokenTestEnvironment.Handle, "ok"), (account.XUserId, account.XHandle, account.TokenState));
        Assert.Equal("authorize", Env.Vault.GetVersions(StorageNames.Default.TokenSecret(Account))[^1].Tags["reason"]);
        Assert.Contains("Authorized account acme as @acme", output, StringComparison.Ordinal);
        Env.AssertNoSecretIn(output + error, Account);

        // The stored chain is live: the rotation refreshes it.
        var outcome = await host.GetRequiredService<TokenRotator>().RotateIfDueAsync(Account, TimeSpan.FromHours(3), "test", CancellationToken.None);
        Assert.Equal(RotationStatus.Rotated, outcome.Status);
        Assert.Empty(Env.X.ReusedRefreshTokens);
    }

    [Fact]
    public async Task X_authorize_refuses_a_redirect_with_another_state_and_stores_nothing()
    {
        await StartAsync();

        var (exit, _, error) = await RunAsync(async output =>
        {
            var url = await WaitForAuthorizeUrlAsync(output);
            var forged = new Uri(System.Text.RegularExpressions.Regex.Replace(url.ToString(), "state=[^&]+", "state=forged"));
            using var browser = new HttpClient();
            using var response = await browser.GetAsync(forged);
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        }, AuthorizeArgs());

        Assert.Equal(1, exit);
        Assert.Contains("state does not match", error, StringComparison.Ordinal);
        Assert.Null(Env.StoredBundle(Account));
        Assert.Equal(0, Env.X.GetRequestCount("POST", "/2/oauth2/token"));
    }

    [Fact]
    public async Task X_authorize_takes_the_rotation_lease_first_and_changes_nothing_while_a_rotation_holds_it()
    {
        await StartAsync();
        // A rotation (another process) holds the account's lease, in the container the app and the CLI share by default.
        var container = new BlobContainerClient(Env.ConnectionString, StorageNames.Default.LeaseContainer);
        await container.CreateIfNotExistsAsync();
        var blob = container.GetBlobClient(Account);
        await blob.UploadAsync(BinaryData.Empty, overwrite: true);
        var rotation = blob.GetBlobLeaseClient();
        await rotation.AcquireAsync(BlobLeaseClient.InfiniteLeaseDuration);
        try
        {
            var args = AuthorizeArgs();
            args[Array.IndexOf(args, "--timeout-seconds") + 1] = "3";

            var (exit, output, error) = await RunAsync(null,
                services => services.Configure<TokenRotationOptions>(o => o.LeaseWaitTimeout = TimeSpan.FromSeconds(2)), args);

            Assert.Equal(1, exit);
            Assert.Contains("rotation lease of account acme", error, StringComparison.Ordinal);
            Assert.DoesNotContain("authorize?", output, StringComparison.Ordinal);
            Assert.Null(Env.StoredBundle(Account));
            Assert.Equal(0, Env.X.GetRequestCount("POST", "/2/oauth2/token"));
            Assert.True((await Env.GetAccountAsync(Account))!.IsChainBroken);
        }
        finally
        {
            await rotation.ReleaseAsync();
        }
    }

    [Fact]
    public async Task X_authorize_for_an_unknown_account_fails_before_the_browser_step()
    {
        await StartAsync();

        var args = AuthorizeArgs();
        args[Array.IndexOf(args, Account)] = "nobody";
        var (exit, output, error) = await RunAsync(null, args);

        Assert.Equal(1, exit);
        Assert.Contains("account 'nobody' has no row", error, StringComparison.Ordinal);
        Assert.DoesNotContain("authorize?", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_vault_uri_that_is_not_a_URL_is_a_parse_error()
    {
        await StartAsync();

        var (exit, _, error) = await RunAsync(null, "status", "--vault-uri", "my-vault");

        Assert.NotEqual(0, exit);
        Assert.Contains("'my-vault' is not an absolute http(s) URL", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_shows_expiry_last_rotation_and_chain_health_but_no_token()
    {
        await StartAsync();
        await Env.AddAccountAsync("healthy");
        await Env.SeedTokensAsync("healthy");
        await Env.AddAccountAsync("broken", tokenState: "broken");
        await Env.SeedTokensAsync("broken", storedExpiresAt: DateTimeOffset.UtcNow.AddMinutes(-5));

        var (exit, output, error) = await RunAsync(null,
            "status", "--vault-uri", Env.Vault.VaultUri.ToString(), "--connection-string", Env.ConnectionString, "--accounts-table", Env.AccountsTable);

        Assert.True(exit == 0, error);
        Assert.Contains("healthy (@acme, enabled)", output, StringComparison.Ordinal);
        Assert.Contains("by seed (test-seed)", output, StringComparison.Ordinal);
        Assert.Contains("chain:         healthy", output, StringComparison.Ordinal);
        Assert.Contains("expired 5 min ago", output, StringComparison.Ordinal);
        Assert.Contains("BROKEN since", output, StringComparison.Ordinal);
        Assert.Contains("Fix: rotation x authorize --account broken", output, StringComparison.Ordinal);
        Assert.Contains("acme (@acme, enabled)", output, StringComparison.Ordinal);
        Assert.Contains("none in Key Vault", output, StringComparison.Ordinal);
        Env.AssertNoSecretIn(output + error, "healthy", "broken");
    }

    private string[] AuthorizeArgs() =>
    [
        "x", "authorize", "--account", Account,
        "--vault-uri", Env.Vault.VaultUri.ToString(),
        "--connection-string", Env.ConnectionString,
        "--accounts-table", Env.AccountsTable,
        "--x-api", Env.X.BaseAddress.ToString(),
        "--authorize-url", Env.X.AuthorizeEndpoint.ToString(),
        "--timeout-seconds", "20",
    ];

    /// <summary>The real CLI commands, in-process, with the stand-ins' clients put in through the seam.</summary>
    private Task<(int Exit, string Output, string Error)> RunAsync(Func<CapturingWriter, Task>? browser, params string[] args) =>
        RunAsync(browser, null, args);

    private async Task<(int Exit, string Output, string Error)> RunAsync(Func<CapturingWriter, Task>? browser, Action<IServiceCollection>? configure, params string[] args)
    {
        var options = new TokenCliOptions
        {
            ConfigureServices = services =>
            {
                services.AddSingleton<SecretClient>(_ => Env.CreateSecretClient());
                services.AddSingleton(_ => new TableServiceClient(Env.ConnectionString));
                configure?.Invoke(services);
            },
        };
        var root = new RootCommand { XCommands.Create(options), StatusCommand.Create(options) };
        var output = new CapturingWriter();
        var error = new CapturingWriter();
        var run = Task.Run(() => root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }));
        if (browser is not null)
        {
            await browser(output);
        }
        var exit = await run.WaitAsync(TimeSpan.FromSeconds(30));
        return (exit, output.Text, error.Text);
    }

    /// <summary>Plays the admin's browser: opens the printed URL; the stand-in approves and redirects to the loopback listener.</summary>
    private static async Task FollowAuthorizeUrlAsync(CapturingWriter output)
    {
        var url = await WaitForAuthorizeUrlAsync(output);
        using var browser = new HttpClient();
        using var response = await browser.GetAsync(url);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.Contains("Authorized", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<Uri> WaitForAuthorizeUrlAsync(CapturingWriter output)
    {
        for (var i = 0; i < 500; i++)
        {
            var line = output.Text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("http", StringComparison.Ordinal) && l.Contains("authorize?", StringComparison.Ordinal));
            if (line is not null)
            {
                var url = new Uri(line);
                Assert.Contains("code_challenge_method=S256", url.Query, StringComparison.Ordinal);
                Assert.Contains("scope=tweet.read%20tweet.write%20users.read%20offline.access", url.Query, StringComparison.Ordinal);
                return url;
            }
            await Task.Delay(20);
        }
        throw new TimeoutException("The CLI printed no authorize URL:\n" + output.Text);
    }
}
