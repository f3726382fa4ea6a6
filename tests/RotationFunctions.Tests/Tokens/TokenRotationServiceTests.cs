using System.Net.Http.Headers;
using System.Text;

namespace RotationFunctions.Tests.Tokens;

public sealed class TokenRotationServiceTests(AzuriteFixture azurite) : TokenEnvironmentTestBase(azurite)
{
    public override Task InitializeAsync() => StartEnvironmentAsync();

    [Fact]
    public async Task RotateDueAsync_handles_each_account_on_its_own_and_no_log_line_carries_a_secret()
    {
        var soon = DateTimeOffset.UtcNow.AddMinutes(10);
        await Env.AddAccountAsync("due");
        var due = await Env.SeedTokensAsync("due", storedExpiresAt: soon);
        await Env.AddAccountAsync("fresh");
        await Env.SeedTokensAsync("fresh");
        await Env.AddAccountAsync("never");
        await Env.AddAccountAsync("broken", tokenState: "broken");
        await Env.SeedTokensAsync("broken", storedExpiresAt: soon);
        await Env.AddAccountAsync("off", enabled: false);
        await Env.SeedTokensAsync("off", storedExpiresAt: soon);
        await Env.AddAccountAsync("garbled");
        await Env.CreateSecretClient().SetSecretAsync(StorageNames.Default.TokenSecret("garbled"), "{\"access_token\": \"garbled-value-123\"");
        await Env.AddAccountAsync("spent");
        var spent = await Env.SeedTokensAsync("spent", storedExpiresAt: soon);
        await SpendElsewhereAsync(spent.RefreshToken);

        var summary = await Env.CreateHost().GetRequiredService<TokenRotationService>().RotateDueAsync(CancellationToken.None);

        var status = summary.Accounts.ToDictionary(a => a.AccountId, a => a.Status);
        Assert.Equal(RotationStatus.Rotated, status["due"]);
        Assert.Equal(RotationStatus.NotDue, status["fresh"]);
        Assert.Equal(RotationStatus.NotAuthorized, status["never"]);
        Assert.Equal(RotationStatus.SkippedBroken, status["broken"]);
        Assert.Equal(RotationStatus.Failed, status["garbled"]);
        Assert.Equal(RotationStatus.ChainBroken, status["spent"]);
        Assert.False(status.ContainsKey("off"));
        Assert.Equal((1, 3, 2), (summary.Rotated, summary.Skipped, summary.Failed));
        Assert.NotEqual(due.RefreshToken, Env.StoredBundle("due")!.RefreshToken);
        Assert.True((await Env.GetAccountAsync("spent"))!.IsChainBroken);

        var logs = Env.Logs.GetSnapshot();
        Assert.Contains(logs, r => r.Level == LogLevel.Trace || r.Level == LogLevel.Debug); // everything was captured, HttpClient's too
        Assert.Contains(logs, r => r.Level == LogLevel.Critical && r.Message.Contains("rotation x authorize --account spent", StringComparison.Ordinal));
        var everything = Env.AllLogText() + string.Join('\n', summary.Accounts.Select(a => a.Detail));
        Env.AssertNoSecretIn(everything + "garbled-value-123", "due", "fresh", "broken", "off", "spent");
        Assert.DoesNotContain("garbled-value-123", everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RotateDueAsync_answers_a_fresh_token_from_the_stored_bundle_without_taking_the_lease()
    {
        await Env.AddAccountAsync("quiet");
        await Env.SeedTokensAsync("quiet");
        var leases = new Azure.Storage.Blobs.BlobServiceClient(Env.ConnectionString).GetBlobContainerClient(Env.LeaseContainer);

        var summary = await Env.CreateHost().GetRequiredService<TokenRotationService>().RotateDueAsync(CancellationToken.None);

        Assert.Equal(RotationStatus.NotDue, Assert.Single(summary.Accounts).Status);
        Assert.False(await leases.GetBlobClient("quiet").ExistsAsync(), "a quiet run took the rotation lease");
        Assert.Equal(0, Env.X.RefreshCount);
    }

    [Fact]
    public async Task A_run_after_a_rotation_reads_no_secret_until_the_recorded_expiry_comes_within_the_threshold()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var env = await TokenTestEnvironment.StartAsync(Azurite, time);
        await env.AddAccountAsync("weekly");
        await env.SeedTokensAsync("weekly", storedExpiresAt: time.GetUtcNow().AddMinutes(10));
        var service = env.CreateHost().GetRequiredService<TokenRotationService>();

        var first = await service.RotateDueAsync(CancellationToken.None);
        Assert.Equal(RotationStatus.Rotated, Assert.Single(first.Accounts).Status);
        var expiresAt = env.StoredBundle("weekly")!.ExpiresAt;
        Assert.Equal(expiresAt, (await env.GetAccountAsync("weekly"))!.TokenExpiresAt);

        // 15 and 75 minutes later the recorded expiry (2 h) is beyond the 30 min threshold: no Key Vault read at all.
        var readsBefore = env.Vault.GetRequestCount("GET");
        foreach (var minutes in new[] { 15, 60 })
        {
            time.Advance(TimeSpan.FromMinutes(minutes));
            var quiet = Assert.Single((await service.RotateDueAsync(CancellationToken.None)).Accounts);
            Assert.Equal((RotationStatus.NotDue, expiresAt), (quiet.Status, quiet.ExpiresAt));
        }
        Assert.Equal(readsBefore, env.Vault.GetRequestCount("GET"));
        Assert.Equal(1, env.X.RefreshCount);

        // Within the threshold the run goes to the vault and rotates as before.
        time.Advance(TimeSpan.FromMinutes(30));
        var due = Assert.Single((await service.RotateDueAsync(CancellationToken.None)).Accounts);
        Assert.Equal(RotationStatus.Rotated, due.Status);
        Assert.True(env.Vault.GetRequestCount("GET") > readsBefore);
        Assert.Equal(2, env.X.RefreshCount);
    }

    [Fact]
    public async Task A_run_rotating_accounts_whose_rows_say_due_reads_each_bundle_once_and_the_client_credentials_once()
    {
        var soon = DateTimeOffset.UtcNow.AddMinutes(10);
        foreach (var id in new[] { "north", "south", "west" })
        {
            await Env.AddAccountAsync(id, tokenState: RotationFunctions.Schedule.AccountSettings.TokenOk);
            await Env.SeedTokensAsync(id, storedExpiresAt: soon);
            await Env.Accounts().UpsertEntityAsync(new Azure.Data.Tables.TableEntity(RotationFunctions.Storage.StorageNames.AccountPartition, id)
            {
                ["TokenExpiresAt"] = soon,
            }, Azure.Data.Tables.TableUpdateMode.Merge);
        }
        var host = Env.CreateHost();
        await host.GetRequiredService<Azure.Security.KeyVault.Secrets.SecretClient>().GetSecretAsync(StorageNames.Default.ClientIdSecret); // past the bearer challenge
        var readsBefore = Env.Vault.GetRequestCount("GET");
        var writesBefore = Env.Vault.GetRequestCount("PUT");

        var summary = await host.GetRequiredService<TokenRotationService>().RotateDueAsync(CancellationToken.None);

        Assert.All(summary.Accounts, a => Assert.Equal(RotationStatus.Rotated, a.Status));
        // One bundle read under each lease, plus x-client-id and x-client-secret once for the whole run (was 5 per rotation).
        Assert.Equal(3 + 2, Env.Vault.GetRequestCount("GET") - readsBefore);
        // Two writes per rotation, as docs/benchmarks.md counts them: the write-ahead and the new bundle.
        Assert.Equal(3 * 2, Env.Vault.GetRequestCount("PUT") - writesBefore);
        Assert.Equal(3, Env.X.RefreshCount);
    }

    [Fact]
    public async Task A_recorded_expiry_does_not_hide_a_broken_chain()
    {
        await Env.AddAccountAsync("cut");
        await Env.SeedTokensAsync("cut", storedExpiresAt: DateTimeOffset.UtcNow.AddMinutes(10));
        await Env.Accounts().UpsertEntityAsync(new Azure.Data.Tables.TableEntity(RotationFunctions.Storage.StorageNames.AccountPartition, "cut")
        {
            ["TokenState"] = RotationFunctions.Schedule.AccountSettings.TokenBroken,
            ["TokenStateReason"] = "X refused the stored refresh token (invalid_grant)",
            ["TokenExpiresAt"] = DateTimeOffset.UtcNow.AddHours(2),
        }, Azure.Data.Tables.TableUpdateMode.Merge);

        var summary = await Env.CreateHost().GetRequiredService<TokenRotationService>().RotateDueAsync(CancellationToken.None);

        Assert.Equal(RotationStatus.SkippedBroken, Assert.Single(summary.Accounts).Status);
    }

    [Fact]
    public async Task An_account_row_without_an_Enabled_column_is_rotated_as_the_planner_treats_it_enabled()
    {
        // As an admin adds the smallest account row: no Enabled column at all.
        await Env.Accounts().AddEntityAsync(new Azure.Data.Tables.TableEntity(StorageNames.AccountPartition, "plain")
        {
            ["XHandle"] = TokenTestEnvironment.Handle,
            ["TimeZone"] = "Europe/Stockholm",
        });
        await Env.SeedTokensAsync("plain", storedExpiresAt: DateTimeOffset.UtcNow.AddMinutes(10));

        var summary = await Env.CreateHost().GetRequiredService<TokenRotationService>().RotateDueAsync(CancellationToken.None);

        Assert.Equal(RotationStatus.Rotated, Assert.Single(summary.Accounts).Status);
    }

    /// <summary>Someone else (another tool, a stale copy) spends the refresh token: the stored chain is dead.</summary>
    private async Task SpendElsewhereAsync(string refreshToken)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, Env.X.TokenEndpoint)
        {
            Content = new FormUrlEncodedContent([new("grant_type", "refresh_token"), new("refresh_token", refreshToken)]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TokenTestEnvironment.ClientId}:{TokenTestEnvironment.ClientSecret}")));
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }
}
