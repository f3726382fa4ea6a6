using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RotationFunctions.Tests.Infrastructure;
using RotationFunctions.Tokens;

namespace RotationFunctions.Tests.Tokens;

[Collection(AzuriteCollection.Name)]
public sealed class TokenRotationServiceTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private TokenTestEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await TokenTestEnvironment.StartAsync(azurite);

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact]
    public async Task RotateDueAsync_handles_each_account_on_its_own_and_no_log_line_carries_a_secret()
    {
        var soon = DateTimeOffset.UtcNow.AddMinutes(10);
        await _env.AddAccountAsync("due");
        var due = await _env.SeedTokensAsync("due", storedExpiresAt: soon);
        await _env.AddAccountAsync("fresh");
        await _env.SeedTokensAsync("fresh");
        await _env.AddAccountAsync("never");
        await _env.AddAccountAsync("broken", tokenState: "broken");
        await _env.SeedTokensAsync("broken", storedExpiresAt: soon);
        await _env.AddAccountAsync("off", enabled: false);
        await _env.SeedTokensAsync("off", storedExpiresAt: soon);
        await _env.AddAccountAsync("garbled");
        await _env.CreateSecretClient().SetSecretAsync(KeyVaultTokenStore.SecretName("garbled"), "{\"access_token\": \"garbled-value-123\"");
        await _env.AddAccountAsync("spent");
        var spent = await _env.SeedTokensAsync("spent", storedExpiresAt: soon);
        await SpendElsewhereAsync(spent.RefreshToken);

        var summary = await _env.CreateHost().GetRequiredService<TokenRotationService>().RotateDueAsync(CancellationToken.None);

        var status = summary.Accounts.ToDictionary(a => a.AccountId, a => a.Status);
        Assert.Equal(RotationStatus.Rotated, status["due"]);
        Assert.Equal(RotationStatus.NotDue, status["fresh"]);
        Assert.Equal(RotationStatus.NotAuthorized, status["never"]);
        Assert.Equal(RotationStatus.SkippedBroken, status["broken"]);
        Assert.Equal(RotationStatus.Failed, status["garbled"]);
        Assert.Equal(RotationStatus.ChainBroken, status["spent"]);
        Assert.False(status.ContainsKey("off"));
        Assert.Equal((1, 3, 2), (summary.Rotated, summary.Skipped, summary.Failed));
        Assert.NotEqual(due.RefreshToken, _env.StoredBundle("due")!.RefreshToken);
        Assert.True((await _env.GetAccountAsync("spent"))!.IsChainBroken);

        var logs = _env.Logs.GetSnapshot();
        Assert.Contains(logs, r => r.Level == LogLevel.Trace || r.Level == LogLevel.Debug); // everything was captured, HttpClient's too
        Assert.Contains(logs, r => r.Level == LogLevel.Critical && r.Message.Contains("rotation x authorize --account spent", StringComparison.Ordinal));
        var everything = _env.AllLogText() + string.Join('\n', summary.Accounts.Select(a => a.Detail));
        _env.AssertNoSecretIn(everything + "garbled-value-123", "due", "fresh", "broken", "off", "spent");
        Assert.DoesNotContain("garbled-value-123", everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RotateDueAsync_answers_a_fresh_token_from_the_stored_bundle_without_taking_the_lease()
    {
        await _env.AddAccountAsync("quiet");
        await _env.SeedTokensAsync("quiet");
        var leases = new Azure.Storage.Blobs.BlobServiceClient(_env.ConnectionString).GetBlobContainerClient(_env.LeaseContainer);

        var summary = await _env.CreateHost().GetRequiredService<TokenRotationService>().RotateDueAsync(CancellationToken.None);

        Assert.Equal(RotationStatus.NotDue, Assert.Single(summary.Accounts).Status);
        Assert.False(await leases.GetBlobClient("quiet").ExistsAsync(), "a quiet run took the rotation lease");
        Assert.Equal(0, _env.X.RefreshCount);
    }

    /// <summary>Someone else (another tool, a stale copy) spends the refresh token: the stored chain is dead.</summary>
    private async Task SpendElsewhereAsync(string refreshToken)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, _env.X.TokenEndpoint)
        {
            Content = new FormUrlEncodedContent([new("grant_type", "refresh_token"), new("refresh_token", refreshToken)]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TokenTestEnvironment.ClientId}:{TokenTestEnvironment.ClientSecret}")));
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }
}
