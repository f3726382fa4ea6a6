using RotationFunctions.Schedule;
using RotationFunctions.Channels;
using RotationFunctions.Channels.X;

namespace RotationFunctions.Handover;

/// <summary>
/// Runs one handover when its message arrives: re-reads the schedule (the table is the truth at
/// the boundary), then outro → intro → done, each step recorded before the next starts. A step is
/// claimed in the row before its post (<see cref="StepClaim"/>) and, once tried, keeps its text; a
/// retry of a step whose answer was lost looks on X's timeline before posting, once the timeline
/// would show it (<see cref="StepPoster"/>). So a retry or a second delivery does not post twice, even on
/// an X that would.
/// </summary>
public sealed class HandoverProcessor(
    AccountsTable accounts,
    ScheduleTable schedule,
    HandoverStore handovers,
    ChannelPublishers publishers,
    CuratorAccessStep access,
    IOptions<HandoverOptions> options,
    TimeProvider time,
    ILogger<HandoverProcessor> logger) : QueueProcessor<HandoverMessage, HandoverOutcome>(() => options.Value.MaxDequeueCount)
{
    /// <summary>The poster of a channel; AddRotationPipeline registers a publisher for each.</summary>
    private StepPoster Poster(Channel channel) =>
        new(handovers, publishers.Get(channel) ?? throw new InvalidOperationException($"No publisher for {channel} is registered (AddBluesky, AddMastodon)."), options, time, logger);

    protected override bool TryParse(string messageText, out HandoverMessage? message, out string? reason) =>
        HandoverMessage.TryParse(messageText, out message, out reason);

    protected override async Task<HandoverOutcome> ParkMalformedAsync(string messageText, string reason, CancellationToken cancellationToken)
    {
        logger.Malformed(reason);
        await handovers.SendToPoisonAsync(messageText, cancellationToken);
        return HandoverOutcome.Malformed;
    }

    protected override void AttemptFailed(HandoverMessage message, Exception exception, long attempt) =>
        logger.AttemptFailed(exception, message.HandoverId, attempt);

    protected override async Task<HandoverOutcome> RunAsync(HandoverMessage message, CancellationToken cancellationToken)
    {
        try
        {
            return await RunStepsAsync(message, cancellationToken);
        }
        catch (HandoverWaitException e)
        {
            return await WaitAsync(message, e.Until, e.Message, cancellationToken);
        }
        catch (XApiException e) when (ChannelWait.Applies(e))
        {
            // X is down, rate-limited or unpaid: none of that is fixed by the queue's five quick retries
            // (5 × 30 s), so a fresh copy waits instead, until the catch-up window ends. The claim was released.
            return await WaitForXAsync(message, e, cancellationToken);
        }
    }

    protected override async Task FailForGoodAsync(HandoverMessage message, Exception e, long attempts)
    {
        logger.FailedForGood(e, message.HandoverId, attempts);
        try
        {
            await CloseAsync(message, HandoverStatus.Failed, $"failed after {attempts} attempts: {e.GetType().Name}: {e.Message}", CancellationToken.None);
        }
        catch (RequestFailedException)
        {
            // The error log already carries the handover id; the row stays as it was.
        }
    }

    private async Task<HandoverOutcome> RunStepsAsync(HandoverMessage message, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        var key = HandoverMessage.BoundaryKey(message.Boundary);
        var id = message.HandoverId;

        if (message.DueAt - now > o.MaxEarlyWait)
        {
            // Early (a clock skew or a shortened delay): send a fresh copy for the rest of the wait.
            logger.NotYetDue(id, message.DueAt - now);
            await handovers.EnqueueAsync(message, message.DueAt - now, cancellationToken);
            // A copy that waits for X is still waiting for X; only a message before its boundary is merely early.
            return message.DueAt > message.Boundary ? HandoverOutcome.Deferred : HandoverOutcome.NotYetDue;
        }
        if (message.DueAt > now)
        {
            // The queue rounds delays down to whole seconds: wait out the rest here, so nothing is posted early.
            await Task.Delay(message.DueAt - now, time, cancellationToken);
        }

        var record = await handovers.GetAsync(message.AccountId, key, cancellationToken);
        if (record is not null && HandoverStatus.IsFinal(record.Status))
        {
            logger.AlreadyFinal(id, record.Status);
            return HandoverOutcome.AlreadyFinal;
        }

        var (account, boundary, why) = await HandoverBoundary.ReadAsync(accounts, schedule, message, cancellationToken);
        if (record is null)
        {
            // The row was deleted by hand or never written: recreate it so the steps are recorded.
            record = new HandoverRecord { PartitionKey = message.AccountId, RowKey = key, BoundaryAt = message.Boundary, PlannedAt = now, EnqueuedAt = now, Channels = message.Channels };
            if (!await handovers.TryAddAsync(record, cancellationToken))
            {
                throw new RequestFailedException(409, $"Handover {id} was created concurrently; retrying.");
            }
        }

        if (account is null || boundary is null)
        {
            var note = why!;
            // A step tried before the boundary went away may be posted all the same: only the channel can tell.
            note += await StepPoster.LookForTriedStepsAsync(record, message.AccountId, Poster, cancellationToken);
            if (!await UpdateAsync(record, r => (r.Deliveries, r.Status, r.Note, r.CompletedAt) = (r.Deliveries + 1, HandoverStatus.Obsolete, note, time.GetUtcNow()), cancellationToken))
            {
                return Ended(record);
            }
            logger.Obsolete(id, note);
            return HandoverOutcome.Obsolete;
        }
        if (boundary.HeldReason is { } held)
        {
            if (!await UpdateAsync(record, r => (r.Deliveries, r.Status, r.Note) = (r.Deliveries + 1, HandoverStatus.Held, held), cancellationToken))
            {
                return Ended(record);
            }
            logger.Held(id, held);
            return HandoverOutcome.Held;
        }

        var late = now - message.Boundary;
        if (late > o.CatchUp && record.AllSteps().All(s => record.Step(s.Kind, s.Channel) is { Status: StepStatus.Pending, IsAttempted: false }))
        {
            // Planned before the app (or the queue) went down, delivered after the catch-up window: a
            // "hello, from Monday I tweet here" days late is worse than none. Reported like the planner's
            // missed boundaries. A handover that already began finishes instead, so an outro that named a
            // successor is never left without the successor's intro.
            var note = $"The handover was delivered {Durations.Describe(late)} after its boundary, later than the catch-up window ({Durations.Describe(o.CatchUp)}), while the app or its queue was down; nothing was posted.";
            if (!await UpdateAsync(record, r => (r.Deliveries, r.Status, r.Note, r.CompletedAt) = (r.Deliveries + 1, HandoverStatus.Missed, note, now), cancellationToken))
            {
                return Ended(record);
            }
            logger.MissedLate(id, boundary.Outgoing?.CuratorName ?? "nobody", boundary.Incoming?.CuratorName ?? "nobody", late);
            return HandoverOutcome.Missed;
        }

        // The table is the truth now: record who is actually handing over.
        if (!await UpdateAsync(record, r =>
            {
                r.Deliveries++;
                (r.OutgoingRowKey, r.OutgoingCurator) = (boundary.Outgoing?.RowKey, boundary.Outgoing?.CuratorName);
                (r.IncomingRowKey, r.IncomingCurator) = (boundary.Incoming?.RowKey, boundary.Incoming?.CuratorName);
                CuratorAccessStep.Begin(r, account, boundary);
            }, cancellationToken))
        {
            return Ended(record);
        }

        await RunChannelsAsync(record, account, boundary, cancellationToken);

        // A step X refused does not stop the next one (the incoming curator still says hello), but the
        // handover is not done: it ends failed, its note saying which step X refused and why.
        if (!await UpdateAsync(record, r => (r.Status, r.CompletedAt) = (r.AllSteps().Any(s => r.Step(s.Kind, s.Channel).Status == StepStatus.Failed) || CuratorAccessStep.Failed(r) ? HandoverStatus.Failed : HandoverStatus.Done, time.GetUtcNow()), cancellationToken))
        {
            return Ended(record);
        }
        if (record.Status == HandoverStatus.Failed)
        {
            logger.EndedFailed(id, record.Note ?? "a step failed");
        }
        else
        {
            logger.Completed(id);
        }
        return HandoverOutcome.Completed;
    }

    /// <summary>
    /// Writes <paramref name="change"/> to the row of a handover that is still running, applied again to the
    /// row as it is now if another delivery wrote it first. False when the handover ended meanwhile.
    /// </summary>
    /// <exception cref="HandoverWaitException">Another worker claimed a step meanwhile: its post is in flight,
    /// and a write now would move the ETag its outcome is written with.</exception>
    private async Task<bool> UpdateAsync(HandoverRecord record, Action<HandoverRecord> change, CancellationToken cancellationToken)
    {
        (StepKind Step, Channel Channel, DateTimeOffset Until)? claimed = null;
        var written = await handovers.TryUpdateAsync(record, r =>
        {
            if (HandoverStatus.IsFinal(r.Status))
            {
                return false;
            }
            claimed = r.Claimed(time.GetUtcNow(), options.Value.StepClaimTimeout);
            if (claimed is not null)
            {
                return false;
            }
            change(r);
            return true;
        }, cancellationToken);
        if (claimed is { } other)
        {
            var step = HandoverStep.Name(other.Step, other.Channel);
            logger.StepClaimed(record.HandoverId, step);
            throw new HandoverWaitException(other.Until, $"its {step} is being posted by another worker");
        }
        return written;
    }

    /// <summary>The steps in the order they run on each channel.</summary>
    private static readonly StepKind[] Steps = [StepKind.Outro, StepKind.Intro];

    /// <summary>
    /// Runs each channel's steps, outro then intro. A channel that must wait (down, rate-limited, an intro waiting
    /// for acceptance, another worker's claim) holds no other: the others run now, and the first wait is rethrown
    /// after them, so a fresh copy of the message comes back for what is left (the steps that ended are recorded).
    /// </summary>
    private async Task RunChannelsAsync(HandoverRecord record, AccountSettings account, Boundary boundary, CancellationToken cancellationToken)
    {
        System.Runtime.ExceptionServices.ExceptionDispatchInfo? wait = null;
        foreach (var channel in record.PostsOn())
        {
            try
            {
                foreach (var kind in Steps)
                {
                    await RunStepAsync(record, account, boundary, channel, kind, cancellationToken);
                    await access.AfterStepAsync(record, account, boundary, channel, kind, change => UpdateAsync(record, change, cancellationToken), cancellationToken);
                }
            }
            catch (Exception e) when (e is HandoverWaitException || (e is XApiException x && ChannelWait.Applies(x)))
            {
                wait ??= System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e);
                if (e is XApiException { Kind: XErrorKind.CreditsExhausted })
                {
                    // Waiting cures it only once someone pays: ops and admins hear of it now, while the window is still open.
                    logger.CreditsExhausted(record.PartitionKey, record.HandoverId, channel.ToString());
                    await accounts.MarkXCreditsExhaustedAsync(account, time.GetUtcNow(), cancellationToken);
                }
                if (record.PostsOn().Count > 1)
                {
                    logger.ChannelWaits(record.HandoverId, channel.ToString(), e.Message);
                }
            }
        }
        wait?.Throw();
    }

    private HandoverOutcome Ended(HandoverRecord record)
    {
        logger.AlreadyFinal(record.HandoverId, record.Status);
        return HandoverOutcome.AlreadyFinal;
    }

    private async Task RunStepAsync(HandoverRecord record, AccountSettings account, Boundary boundary, Channel channel, StepKind kind, CancellationToken cancellationToken)
    {
        var step = HandoverStep.Name(kind, channel);
        var current = record.Step(kind, channel);
        var now = time.GetUtcNow();

        var decision = HandoverStep.Decide(account, boundary, kind, channel, current);
        switch (decision)
        {
            case StepDecision.AlreadyFinal:
                return;
            case StepDecision.Skip skip:
                await RecordAsync(record, kind, channel, new StepRecord(StepStatus.Skipped, null, null, now), note: null, cancellationToken);
                logger.StepSkipped(record.HandoverId, step, skip.Reason);
                return;
            case StepDecision.Blocked blocked when blocked.Blocks.All(b => b.Kind == StepBlockKind.NotApproved):
                await AwaitAcceptanceAsync(record, account, boundary.Incoming!, channel, cancellationToken);
                return;
            case StepDecision.Blocked blocked:
                await RecordAsync(record, kind, channel, new StepRecord(StepStatus.Blocked, blocked.Text, null, now), $"{step} blocked: {blocked.Reason}", cancellationToken);
                logger.StepBlocked(record.HandoverId, step, blocked.Reason);
                return;
            case StepDecision.DryRun dryRun:
                await RecordAsync(record, kind, channel, new StepRecord(StepStatus.DryRun, dryRun.Text, null, now), $"dry run: the {step} was not posted", cancellationToken);
                logger.DryRun(record.HandoverId, step, dryRun.Text);
                return;
            case StepDecision.Post post:
                await Poster(channel).PostAsync(record, account.Id, kind, current, post.Text, postIfNotFound: true, cancellationToken);
                return;
            case StepDecision.Resume resume:
                await Poster(channel).PostAsync(record, account.Id, kind, current, resume.Text, postIfNotFound: true, cancellationToken);
                return;
        }
    }

    /// <summary>
    /// An intro whose curator has not accepted the guidelines waits into the slot (Schedule:AcceptanceWait): a fresh copy
    /// of the message looks again every Schedule:AcceptancePoll (10 min), so an acceptance in the portal is posted within
    /// minutes. After the wait the intro is skipped with the reason; the outro went at the boundary all the same.
    /// </summary>
    private async Task AwaitAcceptanceAsync(HandoverRecord record, AccountSettings account, Slot incoming, Channel channel, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var deadline = CuratorGuidelines.AcceptanceDeadline(incoming, schedule.Options);
        var who = $"{incoming.CuratorName} (row {incoming.RowKey})";
        if (now < deadline)
        {
            var waiting = $"intro waits for {who} to accept the curator guidelines until {ScheduleParser.Format(deadline, account)}";
            if (record.Note?.Contains(waiting, StringComparison.Ordinal) != true)
            {
                await UpdateAsync(record, r => r.Note = Append(r.Note, waiting), cancellationToken);
                logger.IntroAwaitsAcceptance(record.HandoverId, deadline, waiting);
            }
            var next = now + schedule.Options.AcceptancePoll;
            throw new HandoverWaitException(next < deadline ? next : deadline, waiting);
        }
        var reason = $"{who} did not accept the curator guidelines within {schedule.Options.AcceptanceWait.TotalHours.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)} h of the start; the intro was not posted";
        await RecordAsync(record, StepKind.Intro, channel, new StepRecord(StepStatus.Skipped, null, null, now), $"{HandoverStep.Name(StepKind.Intro, channel)} skipped: {reason}", cancellationToken);
        logger.IntroNotAccepted(record.HandoverId, reason);
    }

    /// <summary>Records a step's end (and why, in the row's note) before anything else happens.</summary>
    private async Task RecordAsync(HandoverRecord record, StepKind kind, Channel channel, StepRecord step, string? note, CancellationToken cancellationToken) =>
        await UpdateAsync(record, r =>
        {
            r.SetStep(kind, channel, step);
            if (note is not null)
            {
                r.Note = Append(r.Note, note);
            }
        }, cancellationToken);

    private static string Append(string? note, string text) => string.IsNullOrEmpty(note) ? text : $"{note}; {text}";

    /// <summary>
    /// Waits for X in a fresh copy of the message: until X's own reset for a rate limit, else with a
    /// back-off that grows with the time since the boundary (30 s, then about half the time passed, at
    /// most 10 min). Past the catch-up window the handover is missed with the reason, as a late one is.
    /// </summary>
    private async Task<HandoverOutcome> WaitForXAsync(HandoverMessage message, XApiException e, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var (wait, cause) = ChannelWait.Of(e, now - message.Boundary);
        if (now + wait - message.Boundary <= options.Value.CatchUp)
        {
            logger.Deferred(message.HandoverId, cause, wait);
            await handovers.EnqueueAsync(message with { NotBefore = now + wait }, wait, cancellationToken);
            return HandoverOutcome.Deferred;
        }

        var reason = $"it was {cause} for longer than the catch-up window ({Durations.Describe(options.Value.CatchUp)}) after the boundary; what was not posted by then is not posted";
        await CloseAsync(message, HandoverStatus.Missed, reason, cancellationToken);
        logger.MissedXUnavailable(message.HandoverId, reason);
        return HandoverOutcome.Missed;
    }

    /// <summary>A copy of the message comes back at <paramref name="until"/>; this delivery wrote nothing.</summary>
    private async Task<HandoverOutcome> WaitAsync(HandoverMessage message, DateTimeOffset until, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // Not sooner than a copy that is handled when it arrives: one due within MaxEarlyWait would be waited
        // for in-process, holding this worker (and a fake clock's test) for what the queue can wait instead.
        var soonest = now + options.Value.MaxEarlyWait + TimeSpan.FromSeconds(1);
        until = until > soonest ? until : soonest;
        logger.Waiting(message.HandoverId, until, reason);
        await handovers.EnqueueAsync(message with { NotBefore = until }, until - now, cancellationToken);
        return HandoverOutcome.Deferred;
    }

    /// <summary>
    /// Ends a handover from outside its run (the wait for X ran out, the last delivery failed): the row is
    /// read again, since the run that failed may have left it anywhere, and closed unless it already ended
    /// or another worker is posting one of its steps now (that worker goes on and ends it).
    /// </summary>
    private async Task CloseAsync(HandoverMessage message, string status, string note, CancellationToken cancellationToken)
    {
        var record = await handovers.GetAsync(message.AccountId, HandoverMessage.BoundaryKey(message.Boundary), cancellationToken);
        if (record is null)
        {
            return;
        }
        var now = time.GetUtcNow();
        await handovers.TryUpdateAsync(record, r =>
        {
            if (HandoverStatus.IsFinal(r.Status) || r.Claimed(now, options.Value.StepClaimTimeout) is not null)
            {
                return false;
            }
            var unknown = r.AllSteps().Where(s => r.Step(s.Kind, s.Channel).MayHavePostedUntil(options.Value.StepClaimTimeout) is not null).Select(s => HandoverStep.Name(s.Kind, s.Channel)).ToList();
            // "Not posted" would be a guess for a step whose last answer was lost: say so, for whoever reads the row.
            var full = (unknown.Count == 0 ? note : $"{note}; the {string.Join(" and the ", unknown)} may be posted all the same (the answer to its last attempt was lost): look on the account's timeline") + CuratorAccessStep.Unfinished(r);
            (r.Status, r.Note, r.CompletedAt) = (status, Append(r.Note, full), now);
            return true;
        }, cancellationToken);
    }
}
