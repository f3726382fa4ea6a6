using System.Diagnostics;
using RotationFunctions.Handover;
using RotationFunctions.Hosting;
using RotationFunctions.StandIns.Azurite;

namespace RotationFunctions.Benchmarks.Planner;

internal sealed record PlannerHistoryResult(
    int Accounts, int Years1Rows, int Years5Rows, double SeedSeconds, TickMeasure First, int SettlingTicks, TickMeasure Years1, TickMeasure Years5)
{
    /// <summary>Issue 15's budget for a tick with notices planning: three key-range queries per account and one Accounts page per 1,000.</summary>
    public long Budget => 3L * Accounts + (Accounts + 999) / 1000;
}

/// <summary>
/// The production planner tick (notices planning on) over N accounts on a fresh Azurite: one year of
/// weekly slots per account (26 weeks back, 26 ahead), a first tick that plans everything, then ticks until
/// one writes nothing (the idle tick: the tick after the first plans the admins' notices about the handover
/// the first recorded as missed); then four more years of history are added before the first slot, as time
/// would add them, and the idle tick is measured again. Bytes are response bodies as the SDK pipeline received them.
/// </summary>
internal static class PlannerHistoryBenchmark
{
    public const int ExtraYears = 4;

    /// <summary>Notices on, as in production (Acs there; Smtp here, nothing is sent: the tick only plans and enqueues).</summary>
    public static readonly Dictionary<string, string?> NoticeSettings = new()
    {
        ["Notices:Sender"] = "Smtp",
        ["Notices:From"] = "rotation@example.se",
        ["Notices:Smtp:Host"] = "127.0.0.1",
        ["Portal:PublicBaseUrl"] = "https://func-rotation.azurewebsites.net/",
    };

    public static async Task<PlannerHistoryResult> RunAsync(int accounts, int seedParallelism, CancellationToken cancellationToken)
    {
        await using var azurite = await AzuriteProcess.StartAsync(cancellationToken: cancellationToken);
        var counter = new RequestCounter();
        var time = new FixedTimeProvider(PlannerBenchmark.Now);
        await using var host = BenchHost.Create(azurite.ConnectionString, time, counter, settings: NoticeSettings);
        await BenchHost.EnsureStorageAsync(host);
        var planner = host.GetRequiredService<HandoverPlanner>();
        var schedule = BenchHost.Table(host, n => n.ScheduleTable);

        var seed = Stopwatch.StartNew();
        var years1 = await ScheduleSeeder.SeedAsync(BenchHost.Table(host, n => n.AccountsTable), schedule, 0, accounts, PlannerBenchmark.Now, ScheduleSeeder.WeeksPerAccount, seedParallelism, cancellationToken);
        var seedSeconds = seed.Elapsed.TotalSeconds;

        async Task<TickMeasure> MeasureAsync()
        {
            counter.Reset();
            var clock = Stopwatch.StartNew();
            await planner.PlanAsync(cancellationToken);
            return new TickMeasure(clock.Elapsed.TotalSeconds, counter.Total, counter.Writes, counter.BytesReceived, counter.Counts);
        }

        var first = await MeasureAsync();
        // The first tick records last Monday's handover as missed; the next one plans the admins' notice about it
        // from that row (a notice follows what the tick before wrote). Idle means a tick after that: nothing new.
        var settling = 0;
        TickMeasure idle1;
        while ((idle1 = await MeasureAsync()).Writes > 0)
        {
            if (++settling == 3)
            {
                throw new InvalidOperationException($"The planner still writes ({idle1.Writes} writes) on its fourth tick over an unchanged schedule.");
            }
        }
        seed.Restart();
        var history = await ScheduleSeeder.SeedHistoryAsync(schedule, 0, accounts, PlannerBenchmark.Now, ExtraYears * ScheduleSeeder.WeeksPerAccount, seedParallelism, cancellationToken);
        seedSeconds += seed.Elapsed.TotalSeconds;
        var idle5 = await MeasureAsync();
        return new PlannerHistoryResult(accounts, years1, years1 + history, seedSeconds, first, settling, idle1, idle5);
    }
}
