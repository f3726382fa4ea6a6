using System.Diagnostics;
using RotationFunctions.Channels.X;
using RotationFunctions.Tests.Handover;

namespace RotationFunctions.Tests.Tokens;

/// <summary>
/// Issue 13 d: a rotation run takes the most urgent accounts first, several at once, within a budget that ends
/// it before the Functions host's functionTimeout, and a host that stops or times out never catches a refresh
/// between X's answer and the Key Vault write.
/// </summary>
public sealed class TokenRunBudgetTests(AzuriteFixture azurite) : TokenEnvironmentTestBase(azurite)
{
    [Fact]
    public async Task A_run_refreshes_the_most_urgent_accounts_first_several_at_once()
    {
        await StartEnvironmentAsync();
        Env.Settings["TokenRotation:MaxParallelRotations"] = "3";
        var now = DateTimeOffset.UtcNow;
        // Row order (a1 … a6) is the reverse of urgency: a6's token expires first.
        var (probe, _) = await SeedDueAccountsAsync(["a1", "a2", "a3", "a4", "a5", "a6"], i => now.AddMinutes(10 - i));
        probe.AfterAnswer = _ => Task.Delay(500); // X answers slowly: the run's rotations overlap if it lets them
        var service = Env.CreateHost(configure: services => services.AddSingleton<ITokenEndpoint>(probe.Attach)).GetRequiredService<TokenRotationService>();

        var summary = await service.RotateDueAsync(CancellationToken.None);

        Assert.All(summary.Accounts, a => Assert.Equal(RotationStatus.Rotated, a.Status));
        Assert.Equal(3, probe.MaxConcurrent);
        Assert.Equal(["a4", "a5", "a6"], probe.Calls.Take(3).Order(StringComparer.Ordinal));
        Assert.Equal(["a1", "a2", "a3"], probe.Calls.Skip(3).Order(StringComparer.Ordinal));
        Assert.Empty(Env.X.ReusedRefreshTokens);
    }

    [Fact]
    public async Task A_run_that_spends_its_budget_leaves_the_least_urgent_accounts_for_the_next_run()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await StartEnvironmentAsync(time);
        Env.Settings["TokenRotation:MaxParallelRotations"] = "1";
        Env.Settings["TokenRotation:RunBudget"] = "00:00:40";
        var now = time.GetUtcNow();
        var (probe, seeded) = await SeedDueAccountsAsync(["b1", "b2", "b3", "b4", "b5"], i => now.AddMinutes(10 - i));
        // Each refresh takes X 15 s: the third starts at 30 s, within the budget; at 45 s it is spent.
        probe.AfterAnswer = _ =>
        {
            time.Advance(TimeSpan.FromSeconds(15));
            return Task.CompletedTask;
        };
        var service = Env.CreateHost(configure: services => services.AddSingleton<ITokenEndpoint>(probe.Attach)).GetRequiredService<TokenRotationService>();

        var summary = await service.RotateDueAsync(CancellationToken.None);

        Assert.Equal(3, Env.X.RefreshCount);
        Assert.Equal(["b3", "b4", "b5"], probe.Calls.Order(StringComparer.Ordinal));
        var left = summary.Accounts.Where(a => a.AccountId is "b1" or "b2").ToList();
        Assert.Equal(2, left.Count);
        Assert.All(left, a =>
        {
            Assert.NotEqual(RotationStatus.Rotated, a.Status);
            Assert.Contains("next run", a.Detail, StringComparison.Ordinal);
            Assert.Equal(seeded[a.AccountId].RefreshToken, Env.StoredBundle(a.AccountId)!.RefreshToken);
        });
        Assert.Contains(Env.Logs.GetSnapshot(), r => r.Level == LogLevel.Warning && r.Id.Name == "TokenRotationRunBudgetSpent");
    }

    [Fact]
    public async Task A_host_stopping_while_X_answers_still_stores_the_new_tokens_and_leaves_the_rest_for_the_next_run()
    {
        await StartEnvironmentAsync();
        Env.Settings["TokenRotation:MaxParallelRotations"] = "1";
        var now = DateTimeOffset.UtcNow;
        var (probe, _) = await SeedDueAccountsAsync(["c1", "c2", "c3"], i => now.AddMinutes(10 - i));
        using var host = new CancellationTokenSource();
        probe.AfterAnswer = async account =>
        {
            if (probe.Answers.Count == 1)
            {
                // A real timeout: the host's token is cancelled while X's answer is on its way, and Key Vault then
                // needs retries for the store.
                host.CancelAfter(TimeSpan.FromMilliseconds(100));
                Env.Vault.InjectFault(Fault.ServiceUnavailable(), 4, "PUT", StorageNames.Default.TokenSecret(account));
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        };
        var service = Env.CreateHost(configure: services => services.AddSingleton<ITokenEndpoint>(probe.Attach)).GetRequiredService<TokenRotationService>();

        var summary = await service.RotateDueAsync(host.Token);

        Assert.True(host.IsCancellationRequested);
        var (first, _, issued) = Assert.Single(probe.Answers);
        Assert.Equal(issued, Env.StoredBundle(first)!.RefreshToken);
        Assert.Equal(RotationStatus.Rotated, summary.Accounts.Single(a => a.AccountId == first).Status);
        var rest = summary.Accounts.Where(a => a.AccountId != first).ToList();
        Assert.Equal(2, rest.Count);
        Assert.All(rest, a => Assert.Contains("next run", a.Detail, StringComparison.Ordinal));
        Assert.Equal(1, Env.X.RefreshCount);
        Assert.Contains(Env.Logs.GetSnapshot(), r => r.Level == LogLevel.Warning && r.Id.Name == "TokenRotationRunStopped");

        // Nothing was lost: the next run refreshes every chain.
        var next = await Env.CreateHost("next-run").GetRequiredService<TokenRotationService>().RotateDueAsync(CancellationToken.None);
        Assert.Equal(2, next.Rotated);
        Assert.Empty(Env.X.ReusedRefreshTokens);
        Env.AssertNoSecretIn(Env.AllLogText(), "c1", "c2", "c3");
    }

    /// <summary>
    /// The deployed settings (host.json's functionTimeout, the rotation's own defaults), X answering every refresh
    /// as slowly as its timeout allows, many accounts due, on a clock 100 times faster than the wall clock. The
    /// Functions host restarts the worker when functionTimeout passes: a refresh X answered before then must be
    /// in Key Vault before then.
    /// </summary>
    [Fact]
    public async Task No_chain_is_caught_between_X_and_Key_Vault_when_the_Functions_host_times_out_the_run()
    {
        var start = DateTimeOffset.UtcNow;
        var time = new FakeTimeProvider(start);
        await StartEnvironmentAsync(time);
        Env.FastTokenSettings = false; // the rotation's defaults, as deployed
        var functionTimeout = HostJsonFunctionTimeout();
        var timesOut = start + functionTimeout;
        var accounts = Enumerable.Range(1, 24).Select(i => $"d{i:00}").ToArray();
        var (probe, _) = await SeedDueAccountsAsync(accounts, i => start.AddMinutes(5 + i % 7));
        probe.Time = time;
        // Undocumented: worst case modelled. X publishes no latency for its token endpoint; 15 s is as slow as an
        // answer can be and still arrive within X:AttemptTimeout (20 s) and TokenRotation:RefreshTimeout (20 s).
        var xAnswers = TimeSpan.FromSeconds(15);
        probe.AfterAnswer = _ => Task.Delay(xAnswers, time);
        var service = Env.CreateHost(configure: services => services.AddSingleton<ITokenEndpoint>(probe.Attach)).GetRequiredService<TokenRotationService>();
        // The host cancels the function's token at functionTimeout (then restarts the worker).
        using var host = new CancellationTokenSource(functionTimeout, time);

        using var clock = RunClock(time, speed: 100);
        Exception? failure = null;
        try
        {
            await service.RotateDueAsync(host.Token);
        }
        catch (Exception ex)
        {
            failure = ex;
        }
        var ended = time.GetUtcNow();
        await clock.DisposeAsync();

        Assert.True(failure is null && ended < timesOut,
            $"the run ended at +{(ended - start).TotalSeconds:0} s ({failure?.GetType().Name ?? "returned"}); host.json's functionTimeout is {functionTimeout.TotalSeconds:0} s");
        foreach (var (account, spentAt, issued) in probe.Answers.Where(a => a.SpentAt < timesOut))
        {
            var version = Env.Vault.GetVersions(StorageNames.Default.TokenSecret(account))
                .FirstOrDefault(v => TokenBundle.FromJson(v.Value).RefreshToken == issued);
            Assert.True(version is not null && version.Created < timesOut,
                $"{account}: X spent its refresh token at +{(spentAt - start).TotalSeconds:0} s, the new one reached Key Vault " +
                $"{(version is null ? "never" : $"at +{(version.Created - start).TotalSeconds:0} s")}, after the worker was restarted at +{functionTimeout.TotalSeconds:0} s");
        }
    }

    private static TimeSpan HostJsonFunctionTimeout()
    {
        using var hostJson = JsonDocument.Parse(File.ReadAllText(RepositoryFiles.Path("host.json")));
        return TimeSpan.Parse(hostJson.RootElement.GetProperty("functionTimeout").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Accounts due (their rows record an expiry within the threshold), seeded in Key Vault, known to a probe on X's token endpoint.</summary>
    private async Task<(TokenEndpointProbe Probe, Dictionary<string, TokenBundle> Seeded)> SeedDueAccountsAsync(string[] ids, Func<int, DateTimeOffset> expiresAt)
    {
        var probe = new TokenEndpointProbe();
        var seeded = new Dictionary<string, TokenBundle>(StringComparer.Ordinal);
        for (var i = 0; i < ids.Length; i++)
        {
            await Env.AddAccountAsync(ids[i]);
            var bundle = await Env.SeedTokensAsync(ids[i], storedExpiresAt: expiresAt(i));
            await Env.RecordExpiryAsync(ids[i], bundle.ExpiresAt);
            probe.Track(ids[i], bundle);
            seeded[ids[i]] = bundle;
        }
        return (probe, seeded);
    }

    /// <summary>Moves the fake clock with the wall clock, <paramref name="speed"/> times faster, until disposed.</summary>
    private static AsyncClock RunClock(FakeTimeProvider time, double speed) => new(time, speed);

    private sealed class AsyncClock : IAsyncDisposable, IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        public AsyncClock(FakeTimeProvider time, double speed)
        {
            var origin = time.GetUtcNow();
            var wall = Stopwatch.StartNew();
            _loop = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    var target = origin + TimeSpan.FromTicks((long)(wall.Elapsed.Ticks * speed));
                    if (target > time.GetUtcNow())
                    {
                        time.SetUtcNow(target);
                    }
                    await Task.Delay(2);
                }
            });
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _loop;
        }

        public void Dispose() => _stop.Cancel();
    }
}
