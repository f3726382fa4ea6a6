using RotationFunctions.Handover;
using RotationFunctions.Schedule;

namespace RotationFunctions.Notices;

/// <summary>
/// Plans notices in the handover planner's tick, from its reads: one more key-range query per account (the
/// Notices rows), and writes only for what is new. Each new notice gets a row, then a message hidden until it
/// is due; a notice first seen after its window is recorded missed and never sent.
/// </summary>
public sealed class NoticePlanner(
    NoticeStore store,
    NoticeRetention retention,
    IOptions<NoticeOptions> options,
    IOptions<HandoverOptions> handoverOptions,
    IOptions<ScheduleOptions> scheduleOptions,
    ILogger<NoticePlanner> logger) : IPlannerCompanion
{
    public TimeSpan Horizon => options.Value.Enabled ? options.Value.Horizon : TimeSpan.Zero;

    public async Task PlanAsync(AccountSchedule schedule, IReadOnlyDictionary<string, HandoverRecord> handovers, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Once a day per account, known from the account row the tick already read: no query on the other ticks.
        if (retention.IsDue(schedule.Account, now))
        {
            try
            {
                await retention.RunAsync(schedule.Account, now, cancellationToken);
            }
            catch (RequestFailedException e)
            {
                // Not marked done: the next tick tries again; planning the notices goes on.
                logger.RetentionFailed(e, schedule.Account.Id);
            }
        }
        if (!options.Value.Enabled)
        {
            return;
        }
        var lookback = handoverOptions.Value.MissedLookback;
        var (from, to) = NoticeRules.KeyRange(now, lookback, scheduleOptions.Value.MaxSlotDays, options.Value.Horizon);
        var existing = await store.ReadRangeAsync(schedule.Account.Id, from, to, cancellationToken);

        foreach (var notice in NoticeRules.Plan(schedule, handovers, existing, now, options.Value.Horizon, lookback))
        {
            if (now >= notice.WindowEndsAt)
            {
                notice.Status = NoticeStatus.Missed;
                notice.Error = $"first planned at {now.UtcDateTime:yyyy-MM-dd HH:mm} UTC, after its window ended ({notice.WindowEndsAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC): not sent late";
                if (await store.TryAddAsync(notice, cancellationToken))
                {
                    logger.NoticeMissed(notice.PartitionKey, notice.NoticeId, notice.Kind, notice.Error);
                }
                continue;
            }
            if (await store.TryAddAsync(notice, cancellationToken))
            {
                await EnqueueAsync(notice, now, cancellationToken);
                logger.NoticePlanned(notice.PartitionKey, notice.NoticeId, notice.Kind, notice.DueAt);
            }
        }

        // A row whose message was never sent (a crash between the two writes): send it now.
        foreach (var orphan in existing.Values.Where(n => n is { Status: NoticeStatus.Pending, EnqueuedAt: null }))
        {
            await EnqueueAsync(orphan, now, cancellationToken);
        }
    }

    private async Task EnqueueAsync(NoticeRecord notice, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await store.EnqueueAsync(new NoticeMessage(NoticeMessage.CurrentVersion, notice.PartitionKey, notice.RowKey), notice.DueAt - now, cancellationToken);
        notice.EnqueuedAt = now;
        // Recorded after the send: a crash in between leaves EnqueuedAt empty and the next tick sends again; a lost race is the other writer's.
        await store.TryUpdateAsync(notice, cancellationToken);
    }
}
