using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RotationFunctions.Handover;
using RotationFunctions.Hosting;
using RotationFunctions.Tokens;

namespace RotationFunctions.Local;

/// <summary>What the run did, for the timeline and the summary.</summary>
internal sealed class RunStats
{
    public int PlannerTicks;
    public int Planned;
    public int Missed;
    public int Held;
    public int RotationRuns;
    public int Rotations;
    public int RotationFailures;
    public int FailedDeliveries;
}

/// <summary>The PlanHandovers timer, on the same NCrontab schedule setting as the Function App.</summary>
internal sealed class PlanTimer(HandoverPlanner planner, IOptions<TimerScheduleOptions> schedules, TimeProvider time, Timeline timeline, RunStats stats, ILogger<PlanTimer> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        CronLoop.RunAsync(schedules.Value.Plan, time, async ct =>
        {
            var result = await planner.PlanAsync(ct);
            Interlocked.Increment(ref stats.PlannerTicks);
            foreach (var h in result.Handovers)
            {
                switch (h.Action)
                {
                    case PlanAction.Planned or PlanAction.Released or PlanAction.Reenqueued:
                        Interlocked.Increment(ref stats.Planned);
                        timeline.Write($"planned   {h.HandoverId}: {h.Outgoing ?? "nobody"} → {h.Incoming ?? "nobody"}, due {timeline.Stamp(h.At)} ({h.Action.ToString().ToLowerInvariant()})");
                        break;
                    case PlanAction.Missed:
                        Interlocked.Increment(ref stats.Missed);
                        break;
                    case PlanAction.Held:
                        Interlocked.Increment(ref stats.Held);
                        break;
                }
            }
        }, e => logger.LogError(e, "The planner tick failed; the next tick tries again"), stoppingToken);
}

/// <summary>The RotateTokens timer.</summary>
internal sealed class RotateTimer(TokenRotationService rotation, RotationFunctions.Channels.Bluesky.BlueskyKeepAlive bluesky, IOptions<TimerScheduleOptions> schedules, TimeProvider time, Timeline timeline, RunStats stats, ILogger<RotateTimer> logger)
    : BackgroundService
{
    private DateOnly? _day;
    private int _today;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        CronLoop.RunAsync(schedules.Value.RotateTokens, time, async ct =>
        {
            var summary = await rotation.RotateDueAsync(ct);
            foreach (var account in await bluesky.KeepAliveAsync(ct))
            {
                timeline.Write($"tokens    {account}: Bluesky session refreshed ahead of time (unused for weeks)");
            }
            Interlocked.Increment(ref stats.RotationRuns);
            Interlocked.Add(ref stats.Rotations, summary.Rotated);
            Interlocked.Add(ref stats.RotationFailures, summary.Failed);
            // One line a day: X tokens live 2 h, so a line per rotation would drown the handovers.
            var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), timeline.Zone).Date);
            if (_day is { } previous && previous != day)
            {
                timeline.Write($"tokens    {_today} rotation(s) on {previous:yyyy-MM-dd}, {(stats.RotationFailures == 0 ? "chain healthy" : "FAILURES: see above")}");
                _today = 0;
            }
            _day = day;
            _today += summary.Rotated;
        }, e => logger.LogError(e, "The token rotation run failed; the next run tries again"), stoppingToken);
}

/// <summary>A queue trigger (HandOver, SendNotice): polls like the Functions host (backing off to a maximum interval when idle).</summary>
internal sealed class QueueListener<TOutcome>(QueueTriggerWorker<TOutcome> worker, RunStats stats, LocalRunOptions run, ILogger<QueueListener<TOutcome>> logger) : BackgroundService
    where TOutcome : struct
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        QueueTriggerListener.RunAsync(worker, run.MinPollingInterval, run.MaxPollingInterval,
            outcomes => Interlocked.Add(ref stats.FailedDeliveries, outcomes.Count(o => o is null)),
            e => logger.LogError(e, "Reading the {Queue} queue failed; retrying", worker.QueueName),
            stoppingToken);
}

/// <summary>Ends an accelerated run when the simulated clock reaches its end.</summary>
internal sealed class RunEnd(TimeProvider time, LocalRunOptions run, IHostApplicationLifetime lifetime) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (run.EndAt is not { } end)
        {
            return;
        }
        var remaining = end - time.GetUtcNow();
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining, time, stoppingToken);
        }
        lifetime.StopApplication();
    }
}

internal sealed class LocalRunOptions
{
    public DateTimeOffset? EndAt { get; init; }
    public TimeSpan MinPollingInterval { get; init; } = TimeSpan.FromMilliseconds(100);
    public TimeSpan MaxPollingInterval { get; init; } = TimeSpan.FromSeconds(2);
}
