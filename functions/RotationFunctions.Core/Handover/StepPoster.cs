using RotationFunctions.Channels;
using RotationFunctions.Channels.X;
using RotationFunctions.Schedule;

namespace RotationFunctions.Handover;

/// <summary>
/// Posts one step of a handover under a claim (<see cref="StepClaim"/>), for <see cref="HandoverProcessor"/>.
/// When an earlier attempt may have posted it (its answer was lost, its worker died), the account's timeline
/// is read first, once X shows posts of that time: found, it is recorded posted; not found, the text is posted
/// (unless its boundary is gone: then the step is only given back). It logs through the processor's logger,
/// so its events keep the processor's category.
/// </summary>
internal sealed class StepPoster(
    HandoverStore handovers,
    IChannelPublisher publisher,
    IOptions<HandoverOptions> options,
    TimeProvider time,
    ILogger logger)
{
    /// <param name="postIfNotFound">False when the step's boundary is gone: a step not found on X is given back, not posted.</param>
    public async Task PostAsync(HandoverRecord record, string accountId, StepKind kind, StepRecord current, string text, bool postIfNotFound, CancellationToken cancellationToken)
    {
        var channel = publisher.Channel;
        var step = HandoverStep.Name(kind, channel);
        var finder = publisher;
        var claimTimeout = options.Value.StepClaimTimeout;
        var earlier = current.MayHavePostedUntil(claimTimeout);
        if (earlier is { } mayHavePosted && time.GetUtcNow() < mayHavePosted + finder.TimelineLag)
        {
            // Looking sooner could miss the post and post it again.
            throw new HandoverWaitException(mayHavePosted + finder.TimelineLag,
                $"an earlier attempt may have posted its {step} until {mayHavePosted:O}, and {channel}'s timeline may show a post up to {Durations.Describe(finder.TimelineLag)} late; it looks then");
        }

        // Claim the step before posting: a concurrent delivery now leaves the row alone instead of posting too.
        await using var claim = await StepClaim.TakeAsync(handovers, record, kind, channel, current, text, claimTimeout, time, logger, cancellationToken);
        if (claim is null)
        {
            return;
        }
        using var posting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, claim.Lost);
        string? found = null;
        PublishResult? result = null;
        var sent = false;
        // What names this step for good on every attempt: Mastodon's Idempotency-Key, Bluesky's record key.
        var post = new ChannelPost(accountId, text, claim.AttemptedAt, $"{record.HandoverId}/{HandoverStep.Name(kind)}/{channel}", record.BoundaryAt, (int)kind);
        try
        {
            if (earlier is not null)
            {
                found = await finder.FindAsync(post, posting.Token);
            }
            if (found is null && postIfNotFound)
            {
                sent = true;
                // X refuses an exact repeat: a same-text tweet older than the first attempt is not ours.
                result = await publisher.PublishAsync(post, posting.Token);
            }
        }
        catch (Exception) when (claim.IsLost && !cancellationToken.IsCancellationRequested)
        {
            // The step is another worker's now (or will be before this one could record anything): leave it
            // and the row alone, and come back when that worker's claim would have expired.
            var until = record.Claimed(time.GetUtcNow(), claimTimeout)?.Until ?? time.GetUtcNow() + claimTimeout;
            throw new HandoverWaitException(until, $"its {step} was claimed by another worker");
        }
        catch (XApiException e) when (!e.IsRetryable && e.Kind == XErrorKind.Rejected)
        {
            await claim.EndAsync(StepStatus.Failed, $"{step} refused by {e.Channel}: {e.Message}", cancellationToken);
            logger.StepRejected(record.HandoverId, step, e.Message);
            return;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // This attempt failed, so give the step back for the retry, saying whether X may have the post
            // all the same; a crash leaves the claim to time out instead.
            await TryReleaseAsync(claim, sent ? (MayHavePosted(e) ? time.GetUtcNow() : null) : earlier);
            throw;
        }

        if (found is not null)
        {
            await claim.PostedAsync(found, cancellationToken);
            logger.StepFoundOnX(record.HandoverId, step, found);
        }
        else if (result is not null)
        {
            await claim.PostedAsync(result.TweetId, cancellationToken);
            logger.Posted(record.HandoverId, step, result.TweetId, result.WasDuplicate ? $", already on {channel}" : "", text);
        }
        else
        {
            // Looked for and not on X, and not to be posted any more: X cannot have it.
            await claim.ReleaseAsync(mayHavePostedUntil: null, cancellationToken);
        }
    }

    /// <summary>
    /// Whether a failed post may have been made all the same: unless X answered that it refused it (a rate
    /// limit, no credits, no valid token), the request may have reached X and only its answer been lost.
    /// </summary>
    private static bool MayHavePosted(Exception e) =>
        e is not XApiException { Kind: XErrorKind.RateLimited or XErrorKind.CreditsExhausted or XErrorKind.Unauthorized or XErrorKind.ChainBroken };

    private static async Task TryReleaseAsync(StepClaim claim, DateTimeOffset? mayHavePostedUntil)
    {
        try
        {
            await claim.ReleaseAsync(mayHavePostedUntil, CancellationToken.None);
        }
        catch (RequestFailedException)
        {
            // The claim times out by itself.
        }
    }

    /// <summary>
    /// For a handover whose boundary is gone: each step tried before is looked for on its channel (found: recorded
    /// posted; not found: given back, not posted). What was found, in words for the row's note.
    /// </summary>
    public static async Task<string> LookForTriedStepsAsync(HandoverRecord record, string accountId, Func<Channel, StepPoster?> posters, CancellationToken cancellationToken)
    {
        var note = "";
        foreach (var (channel, kind) in record.AllSteps().Where(s => record.Step(s.Kind, s.Channel).IsAttempted).ToList())
        {
            var step = HandoverStep.Name(kind, channel);
            if (posters(channel) is not { } poster)
            {
                continue;
            }
            await poster.PostAsync(record, accountId, kind, record.Step(kind, channel), record.Step(kind, channel).Text!, postIfNotFound: false, cancellationToken);
            var ended = record.Step(kind, channel);
            note += ended.Status == StepStatus.Posted
                ? $"; its {step} had been posted before ({(channel == Channel.X ? "tweet" : "post")} {ended.TweetId})"
                : $"; its {step}, tried at {ended.FirstAttemptAt:yyyy-MM-dd HH:mm:ss} UTC, is not on {channel} and was not posted";
        }
        return note;
    }
}
