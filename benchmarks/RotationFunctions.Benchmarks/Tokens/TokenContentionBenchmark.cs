using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using RotationFunctions.StandIns.KeyVault;
using RotationFunctions.StandIns.XApi;
using RotationFunctions.Tokens;

namespace RotationFunctions.Benchmarks.Tokens;

internal sealed record TokenResult(
    int Rotators, int Rotated, int OtherOutcomes, double Seconds, int LostChains, IReadOnlyList<double> LeaseWaits,
    int RefreshCount, bool ChainAliveAfter, long StorageRequestsPerRotation, long VaultRequestsPerRotation,
    long StorageRequestsPerIdleRun, long VaultRequestsPerIdleRun, double LeaseAttemptsPerRotation);

/// <summary>
/// N rotators, each in its own DI container (own blob/table/secret clients, HttpClients and
/// in-process locks, as separate processes have), all forcing a rotation of one account at the same
/// moment. The blob lease is the only thing that serialises them. Production lease settings.
/// </summary>
internal sealed class TokenContentionBenchmark(string storage, XApiStandIn x, KeyVaultStandIn vault, int rotators)
{
    private const string AccountId = "contended";
    private static readonly TimeSpan AlwaysDue = TimeSpan.FromHours(3);

    public async Task<TokenResult> RunAsync(CancellationToken cancellationToken)
    {
        var counter = new RequestCounter();
        var vaultCounter = new RequestCounter();
        var probes = Enumerable.Range(0, rotators).Select(_ => new LeaseProbe()).ToArray();
        var hosts = Enumerable.Range(0, rotators).Select(i => BenchHost.Create(storage, TimeProvider.System, counter, x, vault,
            new Dictionary<string, string?> { ["TokenRotation:InstanceName"] = $"rotator-{i:D3}" }, vaultCounter, probes[i])).ToList();
        try
        {
            await BenchHost.EnsureStorageAsync(hosts[0]);
            await AccountSeeding.RegisterClientAsync(x, hosts[0]);
            await AccountSeeding.AddAsync(x, hosts[0], AccountId, "1800000000000000001", "contended");

            // One uncontended forced rotation and one run with nothing due: the request counts of the cost model.
            var solo = BenchHost.Create(storage, TimeProvider.System, counter, x, vault, vaultCounter: vaultCounter);
            await using (solo)
            {
                await solo.GetRequiredService<TokenRotator>().RotateIfDueAsync(AccountId, AlwaysDue, "warm-up", cancellationToken);
                counter.Reset();
                vaultCounter.Reset();
                await solo.GetRequiredService<TokenRotator>().RotateIfDueAsync(AccountId, AlwaysDue, "solo", cancellationToken);
                var (storagePerRotation, vaultPerRotation) = (counter.Total, vaultCounter.Total);
                counter.Reset();
                vaultCounter.Reset();
                await solo.GetRequiredService<TokenRotationService>().RotateDueAsync(cancellationToken);
                var (storageIdle, vaultIdle) = (counter.Total, vaultCounter.Total);

                // Every host reads the vault once first (TLS handshake, clients built), so the race measures leases, not cold starts.
                await Task.WhenAll(hosts.Select(h => h.GetRequiredService<ITokenStore>().GetAsync(AccountId, cancellationToken)));
                var refreshesBefore = x.RefreshCount;

                var clock = Stopwatch.StartNew();
                var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var runs = hosts.Select((h, i) => Task.Run(async () =>
                {
                    await gate.Task;
                    var started = Stopwatch.GetTimestamp();
                    var outcome = await h.GetRequiredService<TokenRotator>().RotateIfDueAsync(AccountId, AlwaysDue, "contention", cancellationToken);
                    var acquired = probes[i].AcquiredAt;
                    return (outcome, wait: acquired == 0 ? double.NaN : Stopwatch.GetElapsedTime(started, acquired).TotalSeconds);
                }, cancellationToken)).ToList();
                clock.Restart();
                gate.SetResult();
                var results = await Task.WhenAll(runs);
                var seconds = clock.Elapsed.TotalSeconds;

                var rotated = results.Count(r => r.outcome.Status == RotationStatus.Rotated);
                var refreshes = x.RefreshCount - refreshesBefore;
                var alive = (await solo.GetRequiredService<TokenRotator>().RotateIfDueAsync(AccountId, AlwaysDue, "check", cancellationToken)).Status == RotationStatus.Rotated;
                return new TokenResult(
                    rotators, rotated, results.Length - rotated, seconds, x.ReusedRefreshTokens.Count,
                    [.. results.Select(r => r.wait).Where(w => !double.IsNaN(w))],
                    refreshes, alive, storagePerRotation, vaultPerRotation, storageIdle, vaultIdle,
                    (double)probes.Sum(p => p.Attempts) / Math.Max(1, rotated));
            }
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
        }
    }
}
