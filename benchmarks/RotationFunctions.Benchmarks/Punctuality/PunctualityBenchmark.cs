using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using RotationFunctions.Handover;
using RotationFunctions.Hosting;
using RotationFunctions.StandIns.KeyVault;
using RotationFunctions.StandIns.XApi;

namespace RotationFunctions.Benchmarks.Punctuality;

internal sealed record PunctualityResult(
    IReadOnlyList<double> Delays, IReadOnlyList<double> BaselineDelays, int Missing, RequestCounts RequestsPerHandover, double QueuePollsPerMinuteIdle);

/// <summary>
/// Real clock, real Azurite queue, real X stand-in: boundaries a second apart across a few accounts,
/// planned by one planner tick (delayed messages), delivered by a worker that polls like the
/// Functions queue listener. Measures boundary → intro accepted by X. The baseline, a naive poller
/// that reads the schedule once a minute, runs after it on a 60× clock (see docs/benchmarks.md).
/// </summary>
internal sealed class PunctualityBenchmark(string storage, XApiStandIn x, KeyVaultStandIn vault, int boundaries, int accounts, TimeSpan spacing)
{
    private static readonly TimeZoneInfo Stockholm = TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");

    /// <summary>The WebJobs queue listener's floor between polls after an empty one; it doubles up to maxPollingInterval.</summary>
    public static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>host.json extensions.queues.maxPollingInterval.</summary>
    public static readonly TimeSpan MaxPollingInterval = TimeSpan.FromSeconds(2);

    public async Task<PunctualityResult> RunAsync(CancellationToken cancellationToken)
    {
        var counter = new RequestCounter();
        await using var host = BenchHost.Create(storage, TimeProvider.System, counter, StandInEndpoints.Of(x, vault), new Dictionary<string, string?>
        {
            ["Handover:QueueDelayScale"] = "1",
        });
        await BenchHost.EnsureStorageAsync(host);
        await AccountSeeding.RegisterClientAsync(x, host);

        var scheduleTable = BenchHost.Table(host, n => n.ScheduleTable);
        var userIds = new Dictionary<string, string>();
        for (var a = 0; a < accounts; a++)
        {
            var id = $"punct{a}";
            userIds[id] = (1_700_000_000_000_000_000L + a).ToString(CultureInfo.InvariantCulture);
            await AccountSeeding.AddAsync(x, host, id, userIds[id], $"punct{a}");
        }

        // Boundary i belongs to account i % accounts; each account's slots follow each other (no ends: each runs until the next).
        var t0 = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(6);
        t0 = new DateTimeOffset(t0.Ticks - t0.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var expected = new Dictionary<string, (string Account, DateTimeOffset At)>(StringComparer.Ordinal);
        for (var i = 0; i < boundaries; i++)
        {
            var account = $"punct{i % accounts}";
            var at = t0 + spacing * i;
            var local = TimeZoneInfo.ConvertTime(at, Stockholm);
            var name = $"Kurator {i:D3}";
            await scheduleTable.UpsertEntityAsync(new TableEntity(account, $"{local:yyyy-MM-dd}-s{i:D3}")
            {
                ["StartsAt"] = at,
                ["CuratorName"] = name,
                ["CuratorHandle"] = $"kur_{i:D3}",
                ["Role"] = "sjuksköterska",
                ["Approved"] = true,
            }, TableUpdateMode.Replace, cancellationToken);
            expected[name] = (account, at);
        }

        var planned = await host.GetRequiredService<HandoverPlanner>().PlanAsync(cancellationToken);
        if (planned.Handovers.Count != boundaries)
        {
            throw new InvalidOperationException($"The planner planned {planned.Handovers.Count} handovers, expected {boundaries}: {string.Join("; ", planned.Problems.Select(p => p.Message))}");
        }

        counter.Reset();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var emptyPolls = 0;
        var worker = host.GetRequiredService<QueueTriggerWorker<HandoverOutcome>>();
        // Polls like the Functions queue listener (RotationFunctions.Hosting emulates it): at once after a
        // message, otherwise backing off (randomised, doubling) from 100 ms up to maxPollingInterval.
        var loop = QueueTriggerListener.RunAsync(worker, MinPollingInterval, MaxPollingInterval,
            outcomes =>
            {
                if (outcomes.Count == 0)
                {
                    Interlocked.Increment(ref emptyPolls);
                }
            },
            e => Console.Error.WriteLine($"punctuality: polling the queue failed: {e.Message}"),
            stop.Token);

        var deadline = t0 + spacing * boundaries + TimeSpan.FromSeconds(30);
        var delays = new Dictionary<string, double>(StringComparer.Ordinal);
        while (delays.Count < boundaries && TimeProvider.System.GetUtcNow() < deadline)
        {
            await Task.Delay(250, cancellationToken);
            foreach (var account in userIds)
            {
                foreach (var tweet in x.GetTweets(account.Value).Where(t => t.Text.StartsWith("Hej!", StringComparison.Ordinal)))
                {
                    var name = expected.Keys.FirstOrDefault(n => tweet.Text.Contains(n, StringComparison.Ordinal));
                    if (name is not null && !delays.ContainsKey(name))
                    {
                        delays[name] = (tweet.CreatedAt - expected[name].At).TotalSeconds;
                    }
                }
            }
        }
        // One receive per empty poll: that is idle polling, not the handovers' cost.
        var handoverRequests = counter.Counts + new RequestCounts(0, -Volatile.Read(ref emptyPolls), 0, 0);
        await stop.CancelAsync();
        await loop;
        // Idle polling: the worker keeps polling an empty queue at maxPollingInterval.
        counter.Reset();
        var idle = Stopwatch.StartNew();
        var idleStop = new CancellationTokenSource(TimeSpan.FromSeconds(6));
        var delayIdle = MaxPollingInterval;
        while (!idleStop.IsCancellationRequested)
        {
            await worker.RunOnceAsync(default);
            try
            {
                await Task.Delay(delayIdle, idleStop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        var pollsPerMinute = counter.Counts.Queue / idle.Elapsed.TotalMinutes;

        var baseline = await NaivePollerBaseline.RunAsync(host, x, cancellationToken);
        return new PunctualityResult(
            [.. delays.Values], baseline, boundaries - delays.Count,
            handoverRequests * (1.0 / Math.Max(1, delays.Count)), pollsPerMinute);
    }
}
