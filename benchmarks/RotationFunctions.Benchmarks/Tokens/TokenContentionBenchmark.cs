using System.Diagnostics;
using RotationFunctions.Hosting;
using RotationFunctions.StandIns.KeyVault;
using RotationFunctions.StandIns.XApi;
using RotationFunctions.Tokens;

namespace RotationFunctions.Benchmarks.Tokens;

internal sealed record TokenResult(
    int Rotators, int Processes, int Rotated, int OtherOutcomes, double Seconds, int LostChains, IReadOnlyList<double> LeaseWaits,
    int RefreshCount, bool ChainAliveAfter, RequestCounts RequestsPerRotation, RequestCounts RequestsPerIdleRun, double LeaseAttemptsPerRotation,
    int BaselineRotations, double BaselineSeconds)
{
    /// <summary>Rotations one after another in one process, no contention: the baseline of the ratio.</summary>
    public double BaselineRotationsPerSecond => BaselineRotations / BaselineSeconds;

    public double RotationsPerSecond => Rotated / Seconds;
}

/// <summary>
/// N rotators spread over P worker processes (<see cref="RotatorWorker"/>), each rotator in its own DI
/// container (own blob/table/secret clients and HttpClients), all forcing a rotation of one account at
/// the same moment. Nothing is shared between processes but Azurite and the stand-ins, so the blob
/// lease is the only thing that serialises them. Production lease settings.
/// </summary>
internal sealed class TokenContentionBenchmark(string storage, XApiStandIn x, KeyVaultStandIn vault, int rotators, int processes)
{
    private const string AccountId = "contended";
    public static readonly TimeSpan AlwaysDue = TimeSpan.FromHours(3);

    public async Task<TokenResult> RunAsync(CancellationToken cancellationToken)
    {
        var counter = new RequestCounter();
        var standIns = StandInEndpoints.Of(x, vault);
        await using var solo = BenchHost.Create(storage, TimeProvider.System, counter, standIns);
        await BenchHost.EnsureStorageAsync(solo);
        await AccountSeeding.RegisterClientAsync(x, solo);
        await AccountSeeding.AddAsync(x, solo, AccountId, "1800000000000000001", "contended");

        // One uncontended forced rotation and one run with nothing due: the request counts of the cost model.
        await solo.GetRequiredService<TokenRotator>().RotateIfDueAsync(AccountId, AlwaysDue, "warm-up", cancellationToken);
        counter.Reset();
        // As the rotation timer rotates an account whose row records a due expiry: the bundle is read once, under the lease.
        await solo.GetRequiredService<TokenRotator>().RotateIfDueAsync(AccountId, AlwaysDue, "solo", cancellationToken, knownDue: true);
        var perRotation = counter.Counts;
        counter.Reset();
        await solo.GetRequiredService<TokenRotationService>().RotateDueAsync(cancellationToken);
        var perIdleRun = counter.Counts;

        // Baseline in the same run: the same forced rotation, one after another in one process, nobody waiting.
        const int baselineRotations = 20;
        var sequential = Stopwatch.StartNew();
        for (var i = 0; i < baselineRotations; i++)
        {
            await solo.GetRequiredService<TokenRotator>().RotateIfDueAsync(AccountId, AlwaysDue, "baseline", cancellationToken);
        }
        var baselineSeconds = sequential.Elapsed.TotalSeconds;

        var workers = new List<Process>();
        try
        {
            var per = (int)Math.Ceiling(rotators / (double)processes);
            for (var first = 0; first < rotators; first += per)
            {
                workers.Add(ChildProcess.Start(RotatorWorker.Arguments(storage, standIns, AccountId, first, Math.Min(per, rotators - first))));
            }
            foreach (var worker in workers)
            {
                await ChildProcess.WaitForLineAsync(worker, "ready", cancellationToken);
            }
            var refreshesBefore = x.RefreshCount;

            var clock = Stopwatch.StartNew();
            foreach (var worker in workers)
            {
                await worker.StandardInput.WriteLineAsync("go");
                await worker.StandardInput.FlushAsync(cancellationToken);
            }
            var reports = (await Task.WhenAll(workers.Select(w => ChildProcess.ReadReportsAsync(w, RotatorReport.TryParse, cancellationToken)))).SelectMany(r => r).ToList();
            var seconds = clock.Elapsed.TotalSeconds;
            if (reports.Count != rotators)
            {
                throw new InvalidOperationException($"{rotators} rotators started but {reports.Count} reported; see the worker output above.");
            }

            var rotated = reports.Count(r => r.Status == nameof(RotationStatus.Rotated));
            var refreshes = x.RefreshCount - refreshesBefore;
            var alive = (await solo.GetRequiredService<TokenRotator>().RotateIfDueAsync(AccountId, AlwaysDue, "check", cancellationToken)).Status == RotationStatus.Rotated;
            return new TokenResult(
                rotators, workers.Count, rotated, reports.Count - rotated, seconds, x.ReusedRefreshTokens.Count,
                [.. reports.Where(r => r.LeaseWaitSeconds is not null).Select(r => r.LeaseWaitSeconds!.Value)],
                refreshes, alive, perRotation, perIdleRun,
                (double)reports.Sum(r => r.LeaseAttempts) / Math.Max(1, rotated),
                baselineRotations, baselineSeconds);
        }
        finally
        {
            foreach (var worker in workers)
            {
                if (!worker.HasExited)
                {
                    worker.Kill(entireProcessTree: true);
                }
                worker.Dispose();
            }
        }
    }
}
