using RotationFunctions.Schedule;

namespace RotationFunctions.Handover;

/// <summary>
/// One worker's claim on one step of a Handovers row, from just before its post until the outcome is
/// recorded. While a step is claimed no other delivery writes the row, and the outcome is written whatever
/// else changed in the row meanwhile: a 412 merges instead of failing, since X's answer is the one thing a
/// retry cannot ask for again. A post may take minutes (X's rate-limit wait, slow answers), so the claim is
/// renewed every third of the claim timeout while it is in flight; when a renewal finds the claim taken, or
/// cannot be written before the claim would expire, <see cref="Lost"/> is cancelled and the worker must not post.
/// </summary>
internal sealed class StepClaim : IAsyncDisposable
{
    private readonly HandoverStore _store;
    private readonly HandoverRecord _record;
    private readonly StepKind _kind;
    private readonly Channel _channel;
    private readonly string _text;
    private readonly DateTimeOffset _attemptedAt;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _id = Guid.NewGuid().ToString("N");
    private readonly CancellationTokenSource _lost = new();
    // One write of the row at a time: a renewal never overlaps another, nor the outcome.
    private readonly SemaphoreSlim _writing = new(1, 1);
    private ITimer? _renewal;
    private bool _stopped;
    private DateTimeOffset _confirmedAt;

    private StepClaim(HandoverStore store, HandoverRecord record, StepKind kind, Channel channel, string text, DateTimeOffset attemptedAt, TimeSpan timeout, TimeProvider time, ILogger logger)
    {
        (_store, _record, _kind, _channel, _text, _attemptedAt, _timeout, _time, _logger) = (store, record, kind, channel, text, attemptedAt, timeout, time, logger);
    }

    /// <summary>When the step was first claimed with <see cref="_text"/>: this claim or an earlier one.</summary>
    public DateTimeOffset AttemptedAt => _attemptedAt;

    /// <summary>Cancelled once the claim is lost: from then on this worker must not post, nor write the step.</summary>
    public CancellationToken Lost => _lost.Token;

    public bool IsLost => _lost.IsCancellationRequested;

    private TimeSpan RenewalPeriod => _timeout / 3;

    private string Step => HandoverStep.Name(_kind, _channel);

    /// <summary>
    /// Claims <paramref name="kind"/> on <paramref name="channel"/> to post <paramref name="text"/>, if the step is still as
    /// <paramref name="expected"/> says. Null when the step ended meanwhile (another worker finished it).
    /// </summary>
    /// <exception cref="HandoverWaitException">Another worker holds a step of this handover, or the step
    /// changed since <paramref name="expected"/> was read (this delivery reads it again in a moment).</exception>
    public static async Task<StepClaim?> TakeAsync(
        HandoverStore store, HandoverRecord record, StepKind kind, Channel channel, StepRecord expected, string text, TimeSpan claimTimeout,
        TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var claim = new StepClaim(store, record, kind, channel, text, expected.FirstAttemptAt ?? time.GetUtcNow(), claimTimeout, time, logger);
        (StepKind Step, Channel Channel, DateTimeOffset Until)? held = null;
        var ended = false;
        var changed = false;
        var taken = await store.TryUpdateAsync(record, r =>
        {
            var now = time.GetUtcNow();
            var step = r.Step(kind, channel);
            if (step.Claim == claim._id)
            {
                // Our own claim, written by a request whose answer was lost and that was sent again.
                return true;
            }
            if (StepStatus.IsFinal(step.Status) || HandoverStatus.IsFinal(r.Status))
            {
                ended = true;
                return false;
            }
            held = r.Claimed(now, claimTimeout);
            if (held is not null)
            {
                return false;
            }
            // Another worker tried the step since it was read: what to post, and whether to look first, must be decided again.
            changed = step with { Claim = null } != expected with { Claim = null };
            if (changed)
            {
                return false;
            }
            r.SetStep(kind, channel, new StepRecord(StepStatus.Posting, text, null, now, claim._attemptedAt, claim._id));
            return true;
        }, cancellationToken);
        if (taken)
        {
            claim._confirmedAt = record.Step(kind, channel).At ?? time.GetUtcNow();
            claim._renewal = time.CreateTimer(_ => _ = claim.RenewAsync(), null, claim.RenewalPeriod, claim.RenewalPeriod);
            return claim;
        }
        if (held is { } other)
        {
            var step = HandoverStep.Name(other.Step, other.Channel);
            logger.StepClaimed(record.HandoverId, step);
            throw new HandoverWaitException(other.Until, $"its {step} is being posted by another worker");
        }
        if (changed)
        {
            throw new HandoverWaitException(time.GetUtcNow(), $"its {HandoverStep.Name(kind, channel)} was tried by another worker meanwhile");
        }
        return ended ? null : throw new InvalidOperationException($"The {HandoverStep.Name(kind, channel)} of {record.HandoverId} could not be claimed.");
    }

    /// <summary>
    /// Records that X has the post (<paramref name="tweetId"/>; null when X only said it had the same text).
    /// Written over anything that is not an end, even another worker's claim on the step: that worker is
    /// about to post what is already there, and its claim is void once this is recorded.
    /// </summary>
    public async Task PostedAsync(string? tweetId, CancellationToken cancellationToken)
    {
        await StopAsync();
        string? other = null;
        var merged = false;
        var written = await _store.TryUpdateAsync(_record, r =>
        {
            var step = r.Step(_kind, _channel);
            merged |= step.Claim != _id;
            if (StepStatus.IsFinal(step.Status))
            {
                other = step.Status == StepStatus.Posted && step.TweetId != tweetId ? step.TweetId ?? "unknown" : null;
                return false;
            }
            r.SetStep(_kind, _channel, new StepRecord(StepStatus.Posted, _text, tweetId, _time.GetUtcNow(), _attemptedAt));
            return true;
        }, cancellationToken);
        if (other is not null && tweetId is not null)
        {
            _logger.StepPostedTwice(_record.HandoverId, Step, other, tweetId);
        }
        else if (written && merged)
        {
            _logger.StepClaimOverwritten(_record.HandoverId, Step);
        }
    }

    /// <summary>Records an end other than posted (X refused), with why in the row's note, if the claim is still ours.</summary>
    public async Task<bool> EndAsync(string status, string note, CancellationToken cancellationToken) =>
        await StopAsync() && await _store.TryUpdateAsync(_record, r =>
        {
            if (r.Step(_kind, _channel) is not { Status: StepStatus.Posting } step || step.Claim != _id)
            {
                return false;
            }
            r.SetStep(_kind, _channel, new StepRecord(status, _text, null, _time.GetUtcNow(), _attemptedAt));
            r.Note = string.IsNullOrEmpty(r.Note) ? note : $"{r.Note}; {note}";
            return true;
        }, cancellationToken);

    /// <summary>
    /// Gives the step back, its text kept for the retry, if the claim is still ours (otherwise it times out by
    /// itself). <paramref name="mayHavePostedUntil"/>: until when the post may have been made though its answer
    /// was lost, so the retry looks on X first; null when X cannot have it.
    /// </summary>
    public async Task<bool> ReleaseAsync(DateTimeOffset? mayHavePostedUntil, CancellationToken cancellationToken) =>
        await StopAsync() && await _store.TryUpdateAsync(_record, r =>
        {
            if (r.Step(_kind, _channel) is not { Status: StepStatus.Posting } step || step.Claim != _id)
            {
                return false;
            }
            r.SetStep(_kind, _channel, new StepRecord(StepStatus.Pending, _text, null, mayHavePostedUntil, _attemptedAt));
            return true;
        }, cancellationToken);

    /// <summary>
    /// Renews the claim: its At moves to now, so other deliveries keep leaving the row alone. A timer calls it;
    /// it never throws.
    /// </summary>
    private async Task RenewAsync()
    {
        if (!await _writing.WaitAsync(0))
        {
            return; // the previous renewal, or the outcome, is being written
        }
        try
        {
            if (_stopped || IsLost)
            {
                return;
            }
            var taken = false;
            try
            {
                if (await _store.TryUpdateAsync(_record, r =>
                    {
                        if (r.Step(_kind, _channel) is not { Status: StepStatus.Posting } step || step.Claim != _id)
                        {
                            taken = true;
                            return false;
                        }
                        r.SetStep(_kind, _channel, step with { At = _time.GetUtcNow() });
                        return true;
                    }, CancellationToken.None))
                {
                    _confirmedAt = _record.Step(_kind, _channel).At!.Value;
                    return;
                }
            }
            catch (Exception)
            {
                // Whatever failed (storage slow or away), the claim stands until it times out: the next
                // renewal tries again, and nothing may escape a timer's callback.
            }
            if (taken)
            {
                Lose("taken by another worker");
            }
            else if (_time.GetUtcNow() + RenewalPeriod >= _confirmedAt + _timeout)
            {
                // Before the next renewal the claim would expire and another worker could take it.
                Lose("not renewed before it would expire");
            }
        }
        finally
        {
            _writing.Release();
        }
    }

    private void Lose(string how)
    {
        _logger.StepClaimLost(_record.HandoverId, Step, how);
        _lost.Cancel();
    }

    /// <summary>Stops renewing and waits for a renewal in flight; true unless the claim was lost meanwhile.</summary>
    private async Task<bool> StopAsync()
    {
        _stopped = true;
        _renewal?.Dispose();
        await _writing.WaitAsync();
        _writing.Release();
        return !IsLost;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _lost.Dispose();
    }
}
