using System.Diagnostics;
using Azure.Data.Tables;
using RotationFunctions.Channels;
using RotationFunctions.Schedule;
using RotationFunctions.StandIns.XApi;
using RotationFunctions.Text;

namespace RotationFunctions.Benchmarks.Punctuality;

/// <summary>
/// The design we did not build: a timer that reads the schedule once a minute and posts every
/// intro whose boundary passed since the last poll. Run on a clock 60× faster than real time, so a
/// one-minute poll period takes one real second; boundaries fall at random instants (as real
/// handovers fall at random phases of a timer). A boundary's delay is the virtual wait for the
/// next poll plus the real time the poll took to read the schedule and post (not scaled).
/// </summary>
internal static class NaivePollerBaseline
{
    public const int Speed = 60;
    public const int Boundaries = 60;
    private const string AccountId = "naive";
    private static readonly TimeZoneInfo Stockholm = TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");

    public static async Task<IReadOnlyList<double>> RunAsync(IServiceProvider host, XApiStandIn x, CancellationToken cancellationToken)
    {
        await AccountSeeding.AddAsync(x, host, AccountId, "1700000000000000999", "naivepoll");
        var store = host.GetRequiredService<ScheduleTable>();
        var accounts = host.GetRequiredService<AccountsTable>();
        var publisher = host.GetRequiredService<ITweetPublisher>();

        var realStart = Stopwatch.StartNew();
        var virtualStart = TimeProvider.System.GetUtcNow();
        DateTimeOffset VirtualNow() => virtualStart + realStart.Elapsed * Speed;

        // Boundaries at random instants over 30 virtual minutes, at least 5 virtual seconds apart.
        var random = new Random(8);
        var instants = new SortedSet<DateTimeOffset>();
        while (instants.Count < Boundaries)
        {
            var at = virtualStart + TimeSpan.FromSeconds(60 + random.Next(0, 30 * 60 / 5) * 5);
            instants.Add(new DateTimeOffset(at.Ticks - at.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero));
        }
        var i = 0;
        foreach (var at in instants)
        {
            var local = TimeZoneInfo.ConvertTime(at, Stockholm);
            await BenchHost.Table(host, n => n.ScheduleTable).UpsertEntityAsync(new TableEntity(AccountId, $"{local:yyyy-MM-dd}-n{i:D3}")
            {
                ["StartsAt"] = at,
                ["CuratorName"] = $"Naiv {i:D3}",
                ["CuratorHandle"] = $"naiv_{i:D3}",
                ["Role"] = "forskare",
                ["Approved"] = true,
            }, TableUpdateMode.Replace, cancellationToken);
            i++;
        }

        var delays = new List<double>();
        var lastPoll = VirtualNow();
        var last = instants.Max;
        // The timer's phase is arbitrary: it first fires one virtual minute after start, like a timer started at a random moment.
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(60.0 / Speed));
        while (lastPoll < last && await timer.WaitForNextTickAsync(cancellationToken))
        {
            var poll = VirtualNow();
            var pollWork = Stopwatch.StartNew();
            var report = await store.ReadAllAsync(await accounts.ListAsync(cancellationToken), AccountId, cancellationToken);
            var schedule = report.Accounts.Single(a => a.Account.Id == AccountId);
            foreach (var boundary in schedule.Boundaries.Where(b => b.At > lastPoll && b.At <= poll && b.Incoming is not null))
            {
                var tweet = TweetComposer.Intro(schedule.Account, boundary.Incoming!, boundary.Outgoing);
                await publisher.PublishAsync(AccountId, tweet.Text, cancellationToken);
                delays.Add((poll - boundary.At).TotalSeconds + pollWork.Elapsed.TotalSeconds);
            }
            lastPoll = poll;
        }
        return delays;
    }
}
