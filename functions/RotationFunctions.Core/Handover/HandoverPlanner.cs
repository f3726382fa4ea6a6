using RotationFunctions.Schedule;

namespace RotationFunctions.Handover;

/// <summary>
/// Turns schedule boundaries near now into Handovers rows and delayed queue messages. A tick
/// with nothing new makes two bounded queries per account (up to PlannerConcurrency accounts at
/// once) and writes nothing. Each tick ends with one summary event (PlannerRunFinished, the
/// planner's heartbeat); schedule errors are events of their own, told when they change.
/// </summary>
public sealed class HandoverPlanner(
    AccountsTable accounts,
    ScheduleTable schedule,
    HandoverStore handovers,
    ScheduleProblemReports problemReports,
    IOptions<HandoverOptions> options,
    TimeProvider time,
    ILogger<HandoverPlanner> logger,
    IEnumerable<IPlannerCompanion> companions)
{
    private readonly IPlannerCompanion[] _companions = [.. companions];

    public async Task<PlanResult> PlanAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var list = await accounts.ListAsync(cancellationToken);
        var problems = new List<ScheduleProblem>(list.Problems);
        var enabled = new List<AccountSettings>();
        var skipped = new List<AccountSettings>();
        foreach (var account in list.Accounts)
        {
            if (account.HasErrors)
            {
                skipped.Add(account);
                continue;
            }
            if (account.Enabled)
            {
                enabled.Add(account);
            }
        }

        // Accounts are independent (own Schedule and Handovers partitions), so several are planned at
        // once: a tick costs two storage round trips per account, and done one by one the latency of
        // 10,000 accounts adds up to minutes. Results are kept in account order.
        var results = new (List<PlannedHandover>? Planned, List<ScheduleProblem> Problems, bool Failed)[enabled.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, enabled.Count),
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.PlannerConcurrency, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var account = enabled[i];
                var accountProblems = new List<ScheduleProblem>();
                try
                {
                    results[i] = (await PlanAccountAsync(account, now, accountProblems, ct), accountProblems, false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    results[i] = (null, accountProblems, true);
                    logger.PlanAccountFailed(e, account.Id);
                }
            });

        var planned = new List<PlannedHandover>();
        var failed = new List<string>();
        for (var i = 0; i < enabled.Count; i++)
        {
            problems.AddRange(results[i].Problems);
            if (results[i].Failed)
            {
                failed.Add(enabled[i].Id);
            }
            planned.AddRange(results[i].Planned ?? []);
        }
        var result = new PlanResult(enabled.Count, planned, problems, failed);
        Report(result, skipped, now);
        return result;
    }

    private void Report(PlanResult result, List<AccountSettings> skipped, DateTimeOffset now)
    {
        var (tell, cleared) = problemReports.Update(result.Problems, result.FailedAccounts.ToHashSet(StringComparer.Ordinal), now, options.Value.ScheduleProblemRepeat);
        foreach (var account in skipped.Where(a => tell.Any(p => p.AccountId == a.Id && p.Table == ScheduleProblem.AccountsTable)))
        {
            logger.AccountSkipped(account.Id, string.Join("; ", account.Problems.Where(p => p.IsError).Select(p => $"{p.Field} {p.Message}")));
        }
        foreach (var problem in tell)
        {
            logger.ScheduleProblemReported(problem.AccountId, problem.Table, problem.RowKey ?? "-", problem.Field, problem.Message);
        }
        foreach (var problem in cleared)
        {
            logger.ScheduleProblemCleared(problem.AccountId, problem.Table, problem.RowKey ?? "-", problem.Field, problem.Message);
        }
        var actions = new int[Enum.GetValues<PlanAction>().Length];
        foreach (var handover in result.Handovers)
        {
            actions[(int)handover.Action]++;
        }
        var errors = result.Problems.Count(p => p.IsError);
        logger.PlannerRunFinished(result.Accounts, actions[(int)PlanAction.Planned], actions[(int)PlanAction.Released], actions[(int)PlanAction.Reenqueued],
            actions[(int)PlanAction.Missed], actions[(int)PlanAction.Held], actions[(int)PlanAction.Obsolete], result.FailedAccounts.Count, errors, tell.Count);
    }

    private async Task<List<PlannedHandover>> PlanAccountAsync(AccountSettings account, DateTimeOffset now, List<ScheduleProblem> allProblems, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var lookbackStart = now - o.MissedLookback;
        var catchUpStart = now - o.CatchUp;
        var end = now + o.Horizon;

        // One schedule query serves the companions too: it reaches as far ahead as the furthest of them needs.
        var readUntil = _companions.Select(c => now + c.Horizon).Append(end).Max();
        var accountSchedule = await schedule.ReadWindowAsync(account, lookbackStart, readUntil, cancellationToken);
        allProblems.AddRange(accountSchedule.Problems);

        var existing = await handovers.ReadRangeAsync(account.Id, lookbackStart, end, cancellationToken);
        var result = new List<PlannedHandover>();
        foreach (var boundary in accountSchedule.BoundariesBetween(lookbackStart, end))
        {
            existing.TryGetValue(boundary.Key, out var record);
            var action = await PlanBoundaryAsync(account, boundary, record, boundary.At >= catchUpStart, now, cancellationToken);
            if (action is { } a)
            {
                result.Add(new PlannedHandover($"{account.Id}/{boundary.Key}", boundary.At, a, boundary.Outgoing?.CuratorName, boundary.Incoming?.CuratorName));
            }
        }

        // A row whose message was never sent (or that was held) and whose boundary was then moved or
        // deleted: no message will ever close it, so close it here once its time has passed.
        var keys = accountSchedule.Boundaries.Select(b => b.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var orphan in existing.Values.Where(r => r.BoundaryAt <= now && !keys.Contains(r.RowKey) &&
                                                          (r.Status == HandoverStatus.Held || (r.Status == HandoverStatus.Planned && r.EnqueuedAt is null))))
        {
            var why = "the schedule no longer has a boundary at this time (a slot was moved or deleted after planning)";
            orphan.Status = HandoverStatus.Obsolete;
            orphan.Note = orphan.Note is { Length: > 0 } note ? $"{note}; {why}" : why;
            orphan.CompletedAt = now;
            await handovers.UpdateAsync(orphan, cancellationToken);
            logger.Obsolete(orphan.HandoverId, why);
            result.Add(new PlannedHandover(orphan.HandoverId, orphan.BoundaryAt, PlanAction.Obsolete, orphan.OutgoingCurator, orphan.IncomingCurator));
        }

        foreach (var companion in _companions)
        {
            await companion.PlanAsync(accountSchedule, existing, now, cancellationToken);
        }
        return result;
    }

    private async Task<PlanAction?> PlanBoundaryAsync(AccountSettings account, Boundary boundary, HandoverRecord? record, bool inCatchUp, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var id = $"{account.Id}/{boundary.Key}";
        var outgoing = boundary.Outgoing?.CuratorName ?? "nobody";
        var incoming = boundary.Incoming?.CuratorName ?? "nobody";

        if (record is null)
        {
            record = new HandoverRecord
            {
                PartitionKey = account.Id,
                RowKey = boundary.Key,
                BoundaryAt = boundary.At,
                PlannedAt = now,
                OutgoingRowKey = boundary.Outgoing?.RowKey,
                OutgoingCurator = boundary.Outgoing?.CuratorName,
                IncomingRowKey = boundary.Incoming?.RowKey,
                IncomingCurator = boundary.Incoming?.CuratorName,
                Channels = ChannelList.Format(account.Channels),
            };
            if (!inCatchUp)
            {
                record.Status = HandoverStatus.Missed;
                record.Note = "The boundary passed while nothing ran, longer ago than the catch-up window; nothing was posted.";
                if (await handovers.TryAddAsync(record, cancellationToken))
                {
                    logger.Missed(id, outgoing, incoming);
                    return PlanAction.Missed;
                }
                return null;
            }
            if (boundary.HeldReason is { } held)
            {
                record.Status = HandoverStatus.Held;
                record.Note = held;
                if (await handovers.TryAddAsync(record, cancellationToken))
                {
                    logger.Held(id, held);
                    return PlanAction.Held;
                }
                return null;
            }
            if (!await handovers.TryAddAsync(record, cancellationToken))
            {
                return null; // another planner got there first and enqueues it
            }
            await EnqueueAsync(record, boundary, now, cancellationToken);
            logger.Planned(id, outgoing, incoming, boundary.At - now);
            return PlanAction.Planned;
        }

        if (record.Status == HandoverStatus.Held && boundary.HeldReason is null && inCatchUp)
        {
            record.Status = HandoverStatus.Planned;
            record.Note = null;
            record.EnqueuedAt = null;
            await handovers.UpdateAsync(record, cancellationToken);
            await EnqueueAsync(record, boundary, now, cancellationToken);
            logger.Planned(id, outgoing, incoming, boundary.At - now);
            return PlanAction.Released;
        }
        if (record.Status == HandoverStatus.Planned && record.EnqueuedAt is null)
        {
            if (!inCatchUp)
            {
                // Its message was never sent and the app was down past the catch-up window: report it
                // as missed rather than leave it planned for ever.
                record.Status = HandoverStatus.Missed;
                record.Note = "The handover was planned but its message was never sent, and the boundary passed more than the catch-up window ago while nothing ran; nothing was posted.";
                await handovers.UpdateAsync(record, cancellationToken);
                logger.Missed(id, outgoing, incoming);
                return PlanAction.Missed;
            }
            await EnqueueAsync(record, boundary, now, cancellationToken);
            logger.Reenqueued(id);
            return PlanAction.Reenqueued;
        }
        return null;
    }

    private async Task EnqueueAsync(HandoverRecord record, Boundary boundary, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await handovers.EnqueueAsync(new HandoverMessage(HandoverMessage.CurrentVersion, record.PartitionKey, boundary.At) { Channels = record.Channels }, boundary.At - now, cancellationToken);
        // Recorded only after the send: a crash in between leaves EnqueuedAt empty and the next tick sends again.
        record.EnqueuedAt = now;
        await handovers.UpdateAsync(record, cancellationToken);
    }
}
