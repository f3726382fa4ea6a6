using Azure.Core;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;

namespace RotationFunctions.Tests.Tokens;

/// <summary>Issue 13 e: the lease is what makes a refresh single-flight, so it must never be believed held when it is not.</summary>
public sealed class TokenLeaseTests(AzuriteFixture azurite) : TokenEnvironmentTestBase(azurite)
{
    [Theory]
    [InlineData("dropped")]
    [InlineData("hung")]
    public async Task A_lease_whose_renewal_gets_no_answer_stops_reporting_itself_held(string failure)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await StartEnvironmentAsync(time);
        var renewals = new LeaseRenewalFaults();
        var host = Env.CreateHost(storageClients: (options, service) =>
        {
            if (service == AzureService.Blob)
            {
                options.Retry.MaxRetries = 1;
                options.Retry.Delay = TimeSpan.FromMilliseconds(10);
                options.AddPolicy(renewals, HttpPipelinePosition.PerRetry);
            }
        });
        await using var lease = await host.GetRequiredService<TokenLeases>().AcquireAsync(Account, CancellationToken.None);
        Assert.True(lease.IsHeld);

        renewals.Mode = failure;
        // The test hosts' lease lasts 15 s and is renewed every third of that. Storage keeps a lease on its own
        // clock, so the renewal may run on the wall clock; the fake one is moved too.
        time.Advance(TimeSpan.FromSeconds(6));
        await renewals.Attempted.WaitAsync(TimeSpan.FromSeconds(10));
        if (failure == "hung")
        {
            // The renewal never returns; the lease's duration passes.
            time.Advance(TimeSpan.FromSeconds(15));
        }

        Assert.True(await EventuallyAsync(() => !lease.IsHeld, TimeSpan.FromSeconds(20)), $"a lease whose renewal {failure} still reports itself held");
    }

    [Fact]
    public async Task A_lease_lost_before_the_refresh_token_is_spent_ends_the_rotation_without_asking_X()
    {
        await StartEnvironmentAsync();
        await Env.AddAccountAsync(Account);
        await Env.SeedTokensAsync(Account);
        BlobLeaseClient? other = null;
        // Under the lease, right after the bundle is read, another process breaks the lease and takes it (as after a long stall of this one).
        var meanwhile = new VaultRequestHook("GET", $"/secrets/{SecretName}", async () =>
        {
            var blob = new BlobContainerClient(Env.ConnectionString, Env.LeaseContainer).GetBlobClient(Account);
            await blob.GetBlobLeaseClient().BreakAsync(TimeSpan.Zero);
            other = blob.GetBlobLeaseClient();
            await other.AcquireAsync(TimeSpan.FromSeconds(60));
        });
        var rotator = Env.CreateHost("stalled", vaultPolicy: meanwhile).GetRequiredService<TokenRotator>();

        var outcome = await rotator.RotateIfDueAsync(Account, AlwaysDue, "test", CancellationToken.None, knownDue: true);

        Assert.True(meanwhile.Fired);
        Assert.Equal(0, Env.X.RefreshCount);
        Assert.Equal(RotationStatus.Failed, outcome.Status);
        Assert.Contains("lease", outcome.Detail, StringComparison.Ordinal);
        Assert.Contains(Env.Logs.GetSnapshot(), r => r.Id.Name == "TokenLeaseLostBeforeRefresh" && r.Message.Contains(Account, StringComparison.Ordinal));
        Assert.False((await Env.GetAccountAsync(Account))!.IsChainBroken);

        // The other process lets go; the chain is intact.
        await other!.ReleaseAsync();
        await AssertChainIntactAsync(rotator, outcome);
    }

    [Fact]
    public async Task A_chain_break_is_not_recorded_over_a_token_state_someone_else_recorded_meanwhile()
    {
        await StartEnvironmentAsync();
        await Env.AddAccountAsync(Account, tokenState: "ok");
        var seeded = await Env.SeedTokensAsync(Account);
        var authorizedAt = DateTimeOffset.UtcNow;
        // After this worker read the account, X stopped taking its refresh token and someone recorded a newer state.
        var meanwhile = new VaultRequestHook("GET", $"/secrets/{SecretName}", async () =>
        {
            await Env.SpendRefreshTokenElsewhereAsync(seeded.RefreshToken);
            await Env.RecordAuthorizedAsync(Account, authorizedAt, authorizedAt.AddHours(2));
        });
        var rotator = Env.CreateHost("stale", vaultPolicy: meanwhile).GetRequiredService<TokenRotator>();

        var outcome = await rotator.RotateIfDueAsync(Account, AlwaysDue, "test", CancellationToken.None, knownDue: true);

        Assert.True(meanwhile.Fired);
        Assert.NotEqual(RotationStatus.Rotated, outcome.Status);
        var account = (await Env.GetAccountAsync(Account))!;
        Assert.Equal("ok", account.TokenState);
        Assert.StartsWith("authorized as @acme", account.TokenStateReason, StringComparison.Ordinal);
        Assert.Contains("meanwhile", outcome.Detail, StringComparison.Ordinal);
        Env.AssertNoSecretIn(Env.AllLogText() + outcome.Detail, Account);
    }

    private static async Task<bool> EventuallyAsync(Func<bool> condition, TimeSpan within)
    {
        var until = DateTime.UtcNow + within;
        while (!condition() && DateTime.UtcNow < until)
        {
            await Task.Delay(20);
        }
        return condition();
    }
}
