using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using RotationFunctions.Handover;
using RotationFunctions.Hosting;
using RotationFunctions.Schedule;
using RotationFunctions.StandIns.Azurite;
using RotationFunctions.StandIns.KeyVault;
using RotationFunctions.StandIns.XApi;

namespace RotationFunctions.Benchmarks.Burst;

internal sealed record BurstResult(
    int Accounts, int Instances, HostQueueSettings Queues, IReadOnlyList<double> Delays, int Missing, int Processed, int Failed,
    RequestCounts Requests, double AzuriteMsPerRequest, double LeadSeconds, int Deferred, double HandleSeconds, int DuplicateIntros, int XPosts, int XRefreshes)
{
    /// <summary>Storage requests × Azurite's measured time per request: seconds of Azurite's single thread the burst needed at least.</summary>
    public double AzuriteSeconds => Requests.Storage * AzuriteMsPerRequest / 1000;

    /// <summary>One handover's mean time in the processor (message received → handled), with the others running beside it.</summary>
    public double MeanHandoverSeconds => Processed == 0 ? double.NaN : HandleSeconds / Processed;

    /// <summary>
    /// The last intro if the instances ran their slots full all along: N / (instances × batchSize + newBatchThreshold)
    /// rounds of one handover. Close to the measured last, the concurrency limit is the reason.
    /// </summary>
    public double SlotBoundSeconds => Accounts / (double)(Instances * Queues.MaxInFlight) * MeanHandoverSeconds;

    /// <summary>Run with other queue settings than host.json's: what would reach the goal, not what is deployed.</summary>
    public bool Tuned => Queues != HostQueueSettings.FromHostJson();
}

/// <summary>
/// Monday 08:00 for everyone: N accounts with the same boundary (each hands over from last week's curator, an
/// outro then an intro), planned by one planner tick, processed by I instances, each a separate OS process
/// (<see cref="BurstWorker"/>) running the queue trigger concurrently as host.json says. The X stand-in enforces
/// X's per-user and per-app post limits. Measured: boundary → intro accepted by X (its CreatedAt), on the real
/// clock moved by an offset so the boundary is a real Monday 08:00 Stockholm a few seconds after the tick.
/// </summary>
internal static class BurstBenchmark
{
    /// <summary>Monday 30 November 2026, 08:00 in Stockholm.</summary>
    public static readonly DateTimeOffset Boundary = new(2026, 11, 30, 7, 0, 0, TimeSpan.Zero);

    /// <summary>Every instance's settings (the parent's planner too): queue delays in real seconds, as deployed.</summary>
    public static readonly Dictionary<string, string?> HostSettings = new() { ["Handover:QueueDelayScale"] = "1" };

    public static XApiStandInOptions XLimits() => new()
    {
        // X's POST /2/tweets limits: 100 per 15 minutes per user and 10,000 per 24 hours per app (docs.x.com/x-api/fundamentals/rate-limits),
        // and the account limit of 2,400 posts a day (XApiStandInOptions.XUserPostsPer24Hours cites it).
        PostLimit = 100,
        PostWindow = TimeSpan.FromMinutes(15),
        UserPostLimit24Hours = XApiStandInOptions.XUserPostsPer24Hours,
        AppPostLimit24Hours = XApiStandInOptions.XAppPostsPer24Hours,
    };

    /// <summary>Runs one burst; <paramref name="queues"/> null: host.json's settings, else the batchSize and newBatchThreshold tried instead.</summary>
    public static async Task<BurstResult> RunAsync(int accounts, int instances, HostQueueSettings? queues, CancellationToken cancellationToken)
    {
        var settings = queues ?? HostQueueSettings.FromHostJson();
        var clock = new OffsetTimeProvider { Offset = Boundary - TimeSpan.FromMinutes(10) - TimeProvider.System.GetUtcNow() };
        await using var azurite = await AzuriteProcess.StartAsync(cancellationToken: cancellationToken);
        await using var x = await XApiStandIn.StartAsync(clock, XLimits(), cancellationToken);
        await using var vault = await KeyVaultStandIn.StartAsync(clock, cancellationToken: cancellationToken);
        var standIns = StandInEndpoints.Of(x, vault);
        var counter = new RequestCounter();
        await using var host = BenchHost.Create(azurite.ConnectionString, clock, counter, standIns, HostSettings);
        await BenchHost.EnsureStorageAsync(host);
        await AccountSeeding.RegisterClientAsync(x, host);

        var schedule = BenchHost.Table(host, n => n.ScheduleTable);
        var monday = new DateOnly(2026, 11, 30);
        var users = new Dictionary<string, string>(StringComparer.Ordinal);
        var seeding = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, accounts), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var id = AccountId(i);
            var user = (1_900_000_000_000_000_000L + i).ToString(CultureInfo.InvariantCulture);
            lock (users)
            {
                users[user] = id;
            }
            await AccountSeeding.AddAsync(x, host, id, user, $"burst{i}");
            // Last week's curator (her own boundary is beyond the missed lookback, so not planned) and this Monday's.
            await schedule.SubmitTransactionAsync([
                new(TableTransactionActionType.UpsertReplace, Slot(id, monday.AddDays(-14), $"Förra {i}")),
                new(TableTransactionActionType.UpsertReplace, Slot(id, monday, CuratorName(i))),
            ], ct);
        });

        var seedSeconds = seeding.Elapsed.TotalSeconds;

        var workers = new List<Process>();
        try
        {
            for (var w = 0; w < instances; w++)
            {
                workers.Add(ChildProcess.Start(BurstWorker.Arguments(azurite.ConnectionString, standIns, AccountId(0), settings)));
            }
            foreach (var worker in workers)
            {
                await ChildProcess.WaitForLineAsync(worker, "ready", cancellationToken);
            }

            // The boundary after the tick is expected to end, so the messages wait for it as on a Monday. The tick makes
            // about 5 storage requests per account, seeding about 2 and a vault write: four seedings' time is ample
            // at whatever pace this machine and Azurite have now (latest.md shows the lead that was left; three were
            // not always enough on a machine loaded by other processes).
            var lead = TimeSpan.FromSeconds(Math.Min(180, 5 + 4 * seedSeconds));
            clock.Offset = Boundary - TimeProvider.System.GetUtcNow() - lead;
            var planned = await host.GetRequiredService<HandoverPlanner>().PlanAsync(cancellationToken);
            if (planned.Handovers.Count != accounts)
            {
                throw new InvalidOperationException($"The planner planned {planned.Handovers.Count} handovers, expected {accounts}: {string.Join("; ", planned.Problems.Take(3).Select(p => p.Message))}");
            }
            var leadLeft = (Boundary - clock.GetUtcNow()).TotalSeconds;
            foreach (var worker in workers)
            {
                await worker.StandardInput.WriteLineAsync($"go {clock.Offset.Ticks.ToString(CultureInfo.InvariantCulture)}");
                await worker.StandardInput.FlushAsync(cancellationToken);
            }

            var delays = new Dictionary<string, double>(StringComparer.Ordinal);
            var duplicates = 0;
            var (postsBefore, refreshesBefore) = (x.GetRequestCount("POST", "/2/tweets"), x.RefreshCount);
            var deadline = Boundary + TimeSpan.FromSeconds(60 + accounts * 0.2);
            while (delays.Count < accounts && clock.GetUtcNow() < deadline)
            {
                await Task.Delay(250, cancellationToken);
                foreach (var (user, id) in users)
                {
                    if (!delays.ContainsKey(id) && x.GetTweets(user).FirstOrDefault(t => t.Text.StartsWith("Hej!", StringComparison.Ordinal)) is { } intro)
                    {
                        delays[id] = (intro.CreatedAt - Boundary).TotalSeconds;
                    }
                }
            }
            duplicates = users.Keys.Sum(u => Math.Max(0, x.GetTweets(u).Count(t => t.Text.StartsWith("Hej!", StringComparison.Ordinal)) - 1));
            foreach (var worker in workers)
            {
                await worker.StandardInput.WriteLineAsync("stop");
                await worker.StandardInput.FlushAsync(cancellationToken);
            }
            var reports = new List<BurstWorkerReport>();
            foreach (var worker in workers)
            {
                reports.AddRange(await ChildProcess.ReadReportsAsync(worker, BurstWorkerReport.TryParse, cancellationToken));
            }
            if (reports.Count != instances)
            {
                throw new InvalidOperationException($"{instances} burst workers started but {reports.Count} reported; see their output above.");
            }
            var requests = reports.Aggregate(new RequestCounts(), (sum, r) => sum + r.Requests);
            var msPerRequest = await ProbeAzuriteAsync(host, cancellationToken);
            return new BurstResult(
                accounts, instances, settings, [.. delays.Values], accounts - delays.Count,
                reports.Sum(r => r.Processed), reports.Sum(r => r.Failed), requests, msPerRequest, leadLeft, reports.Sum(r => r.Deferred), reports.Sum(r => r.HandleSeconds), duplicates,
                x.GetRequestCount("POST", "/2/tweets") - postsBefore, x.RefreshCount - refreshesBefore);
        }
        finally
        {
            ChildProcess.KillAll(workers);
        }
    }

    public static string AccountId(int i) => "burst" + i.ToString("D4", CultureInfo.InvariantCulture);

    private static string CuratorName(int i) => $"Kurator {i}";

    private static TableEntity Slot(string accountId, DateOnly date, string name) => new(accountId, ScheduleFields.RowKeyOf(date))
    {
        ["CuratorName"] = name,
        ["CuratorHandle"] = $"kur_{Math.Abs(name.GetHashCode(StringComparison.Ordinal)) % 1_000_000}",
        ["Role"] = "sjuksköterska",
        ["Approved"] = true,
    };

    /// <summary>
    /// Azurite's own time per request at the burst's table sizes, one request at a time (no queueing in front of
    /// its single thread): the requests a handover makes most, a Handovers point read and merge, a queue peek.
    /// </summary>
    private static async Task<double> ProbeAzuriteAsync(IServiceProvider host, CancellationToken cancellationToken)
    {
        var handovers = BenchHost.Table(host, n => n.HandoversTable);
        var queue = host.GetRequiredService<Azure.Storage.Queues.QueueServiceClient>().GetQueueClient(host.GetRequiredService<Microsoft.Extensions.Options.IOptions<RotationFunctions.Storage.StorageNames>>().Value.HandoverQueue);
        var row = new TableEntity("probe", "probe") { ["Step"] = "x" };
        await handovers.UpsertEntityAsync(row, cancellationToken: cancellationToken);
        const int rounds = 40;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < rounds; i++)
        {
            await handovers.GetEntityAsync<TableEntity>("probe", "probe", cancellationToken: cancellationToken);
            await handovers.UpsertEntityAsync(row, TableUpdateMode.Merge, cancellationToken);
            await queue.PeekMessagesAsync(1, cancellationToken);
        }
        return clock.Elapsed.TotalMilliseconds / (rounds * 3);
    }
}
