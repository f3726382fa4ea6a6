using System.Diagnostics;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using RotationFunctions.Handover;
using RotationFunctions.Hosting;
using RotationFunctions.Schedule;
using RotationFunctions.StandIns.Azurite;

namespace RotationFunctions.Benchmarks.Planner;

internal sealed record TickMeasure(double Seconds, long Requests, long Writes, long Bytes, RequestCounts Counts);

internal sealed record PlannerSizeResult(
    int Accounts, int SlotsPerAccount, int SeededRows, double SeedSeconds, double ScheduleQueryMs,
    TickMeasure First, TickMeasure Idle, TickMeasure Edit, TickMeasure NaiveIdle, TickMeasure NaiveEdit);

/// <summary>
/// One planner tick over N accounts on a fresh Azurite: seeded with batch transactions, a first
/// tick (plans what is new), an idle tick (nothing new), a tick after one slot was edited, and the
/// same idle and edit ticks of <see cref="NaivePlanner"/>. The clock stands still at <see cref="Now"/>.
/// </summary>
internal static class PlannerBenchmark
{
    /// <summary>A Saturday: the last boundary (Monday 08:00 Stockholm) was missed, the next is within the 2-day horizon.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    public static async Task<PlannerSizeResult> RunAsync(int accounts, bool fullYear, int seedParallelism, CancellationToken cancellationToken)
    {
        await using var azurite = await AzuriteProcess.StartAsync(cancellationToken: cancellationToken);
        var counter = new RequestCounter();
        var time = new FixedTimeProvider(Now);
        await using var host = BenchHost.Create(azurite.ConnectionString, time, counter);
        await BenchHost.EnsureStorageAsync(host);
        var store = host.GetRequiredService<ScheduleTable>();
        var planner = host.GetRequiredService<HandoverPlanner>();
        var naive = new NaivePlanner(host.GetRequiredService<AccountsTable>(), store, host.GetRequiredService<HandoverStore>(), host.GetRequiredService<IOptions<HandoverOptions>>().Value, time);

        var seed = Stopwatch.StartNew();
        var rows = await ScheduleSeeder.SeedAsync(BenchHost.Table(host, n => n.AccountsTable), BenchHost.Table(host, n => n.ScheduleTable), 0, accounts, Now, fullYear ? ScheduleSeeder.WeeksPerAccount : 0, seedParallelism, cancellationToken);
        var seedSeconds = seed.Elapsed.TotalSeconds;

        // What one key-range query costs Azurite at this table size (it scans the whole table per query).
        var probe = Stopwatch.StartNew();
        const int probes = 20;
        for (var i = 0; i < probes; i++)
        {
            var account = new AccountSettings { Id = ScheduleSeeder.AccountId(i % accounts), TimeZone = TimeZoneInfo.Utc, HandoverTime = new TimeOnly(8, 0), Language = "sv" };
            await store.ReadWindowAsync(account, new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), cancellationToken);
        }
        var queryMs = probe.Elapsed.TotalMilliseconds / probes;

        async Task<TickMeasure> MeasureAsync(Func<Task> tick)
        {
            counter.Reset();
            var clock = Stopwatch.StartNew();
            await tick();
            return new TickMeasure(clock.Elapsed.TotalSeconds, counter.Total, counter.Writes, counter.BytesReceived, counter.Counts);
        }

        var first = await MeasureAsync(() => planner.PlanAsync(cancellationToken));
        var idle = await MeasureAsync(() => planner.PlanAsync(cancellationToken));
        var naiveIdle = await MeasureAsync(() => naive.TickAsync(cancellationToken));

        // An admin moves next Monday's handover of one account to 09:00 (or adds that slot where there was none).
        await EditAsync(host, ScheduleSeeder.AccountId(0), "09:00", cancellationToken);
        var edit = await MeasureAsync(() => planner.PlanAsync(cancellationToken));
        await EditAsync(host, ScheduleSeeder.AccountId(accounts > 1 ? 1 : 0), "10:00", cancellationToken);
        var naiveEdit = await MeasureAsync(() => naive.TickAsync(cancellationToken));

        return new PlannerSizeResult(accounts, fullYear ? ScheduleSeeder.WeeksPerAccount : 0, rows, seedSeconds, queryMs, first, idle, edit, naiveIdle, naiveEdit);
    }

    private static async Task EditAsync(IServiceProvider host, string accountId, string localTime, CancellationToken cancellationToken)
    {
        var monday = new DateOnly(2026, 11, 30);
        var slot = ScheduleSeeder.Slot(accountId, monday, 27);
        slot["StartsAt"] = $"{ScheduleFields.RowKeyOf(monday)}T{localTime}";
        await BenchHost.Table(host, n => n.ScheduleTable).UpsertEntityAsync(slot, TableUpdateMode.Replace, cancellationToken);
    }
}
