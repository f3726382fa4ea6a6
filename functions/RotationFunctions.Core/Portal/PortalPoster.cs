using RotationFunctions.Channels.X;

namespace RotationFunctions.Portal;

/// <summary>
/// A curator's post or reply, exactly once: the Posts row (PK account, RK the form's post id) is claimed before X
/// is asked, so a double click or a retried request finds the claim and posts nothing.
/// </summary>
public sealed class PortalPoster(
    IOptions<PortalOptions> options,
    PostsTable posts,
    StagedImages staged,
    XTweetPublisher publisher,
    TimeProvider time,
    ILogger<PortalPoster> logger)
{
    /// <summary>A post request's budget is 60 s (issue 14): a claim still open twice that long was abandoned by its request.</summary>
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Posts <paramref name="request"/> once. A retry of a failed or abandoned claim passes the first claim's time
    /// to the publisher, so a tweet whose answer was lost is recognised (X's duplicate answer) instead of posted twice.
    /// </summary>
    public async Task<PostOutcome> PostAsync(PortalSlot slot, PortalPostRequest request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var postId = request.PostId;
        if (!slot.MayPost || !slot.Window.CanPost(now) || !PortalService.IsPostId(postId)
            || (request.InReplyTo is not null && !PortalPostRequest.IsTweetId(request.InReplyTo)))
        {
            return new PostOutcome(PostOutcomeKind.NotAllowed);
        }
        var text = request.Text.Trim();
        if (text.Length == 0)
        {
            return new PostOutcome(PostOutcomeKind.Empty);
        }
        var (length, guard) = PortalService.Check(slot, text);
        if (guard.Blocked)
        {
            logger.PostBlocked(postId, slot.Link.AccountId, slot.Link.SlotRowKey, guard.Findings.Count);
            return new PostOutcome(PostOutcomeKind.Blocked, Guard: guard, WeightedLength: length.WeightedLength);
        }
        if (!length.IsValid)
        {
            return new PostOutcome(PostOutcomeKind.TooLong, WeightedLength: length.WeightedLength);
        }
        if (PortalImage.Check(request.Images, request.NobodyIdentifiable) is { } problem)
        {
            return new PostOutcome(PostOutcomeKind.ImagesInvalid) { ImageProblem = problem };
        }
        // Alt text is published too: the guard reads it as it reads the text.
        if (request.Images.Select(i => PortalService.Check(slot, i.AltText.Trim()).Guard).FirstOrDefault(g => g.Blocked) is { } altGuard)
        {
            logger.PostBlocked(postId, slot.Link.AccountId, slot.Link.SlotRowKey, altGuard.Findings.Count);
            return new PostOutcome(PostOutcomeKind.ImagesInvalid) { ImageProblem = ImageProblem.AltTextBlocked };
        }
        if (request.Images.Count > 0 && !await publisher.CanUploadImagesAsync(slot.Link.AccountId, cancellationToken))
        {
            return new PostOutcome(PostOutcomeKind.ImagesNotAllowed);
        }

        var record = new PostRecord
        {
            PartitionKey = slot.Link.AccountId,
            RowKey = postId,
            Slot = slot.Link.SlotRowKey,
            CuratorName = slot.Slot.CuratorName,
            CuratorHandle = slot.Slot.CuratorHandle,
            Text = text,
            InReplyToTweetId = request.InReplyTo,
            MediaCount = request.Images.Count,
            Status = PostStatus.Claimed,
            ClaimedAt = now,
            AttemptedAt = now,
        };
        // One read tells a new post id (counted against the hour's limit, then claimed) from a retry of one already claimed.
        var existing = await posts.GetAsync(slot.Link.AccountId, postId, cancellationToken);
        if (existing is null)
        {
            if (await HourlyLimitAsync(slot, postId, now, cancellationToken) is { } limited)
            {
                return limited;
            }
            if (!await posts.TryClaimAsync(record, cancellationToken))
            {
                // Another request claimed this post id meanwhile: treat it as that retry.
                existing = await posts.GetAsync(slot.Link.AccountId, postId, cancellationToken);
                if (existing is null)
                {
                    return new PostOutcome(PostOutcomeKind.NotAllowed);
                }
            }
        }
        if (existing is not null)
        {
            if (existing.Slot != slot.Link.SlotRowKey)
            {
                return new PostOutcome(PostOutcomeKind.NotAllowed);
            }
            // A claim whose request died (its worker stopped) is treated as a failed attempt that may have posted.
            var attempted = existing.AttemptedAt ?? existing.ClaimedAt;
            var abandoned = existing.Status == PostStatus.Claimed && attempted + AbandonedAfter <= now;
            if (existing.Status != PostStatus.Failed && !abandoned)
            {
                logger.PostRepeated(postId, slot.Link.AccountId, existing.Status);
                return existing.Status == PostStatus.Posted
                    ? new PostOutcome(PostOutcomeKind.AlreadyPosted, existing.TweetId)
                    : new PostOutcome(PostOutcomeKind.InProgress);
            }
            // The handover steps' rule (StepPoster): after an attempt that may have posted, look on X's timeline before
            // posting again, and look only once the timeline would list a post of that time.
            var mayHavePosted = abandoned ? attempted + AbandonedAfter : existing.MayHavePostedAt;
            if (mayHavePosted is { } m && now < m + publisher.TimelineLag)
            {
                return new PostOutcome(PostOutcomeKind.Checking) { RetryAfter = m + publisher.TimelineLag - now };
            }
            var earlierText = existing.Text;
            // A failed attempt of this post: take it over (ETag), keeping its first claim time, with the text now sent.
            existing.Status = PostStatus.Claimed;
            existing.AttemptedAt = now;
            existing.Text = text;
            existing.InReplyToTweetId = request.InReplyTo;
            existing.MediaCount = request.Images.Count > 0 ? request.Images.Count : existing.MediaCount;
            existing.FailureKind = null;
            if (!await posts.TryUpdateAsync(existing, cancellationToken))
            {
                return new PostOutcome(PostOutcomeKind.InProgress);
            }
            record = existing;
            if (mayHavePosted is not null)
            {
                string? found;
                try
                {
                    // By the text that attempt sent (replies and images are not told apart: the text is the post's identity).
                    found = await publisher.FindAsync(slot.Link.AccountId, earlierText, record.ClaimedAt, cancellationToken);
                }
                catch (XApiException e)
                {
                    return await FailedAsync(slot, record, e, length.WeightedLength);
                }
                if (found is not null)
                {
                    logger.PostFoundOnX(postId, slot.Link.AccountId, found);
                    return await PostedAsync(slot, record, found, earlierText, length.WeightedLength);
                }
                record.MayHavePostedAt = null;
            }
        }

        var sent = false;
        try
        {
            var mediaIds = await UploadImagesAsync(slot, record, request.Images, cancellationToken);
            sent = true;
            var result = await publisher.PublishAsync(slot.Link.AccountId, new XPostTweetRequest(text, record.InReplyToTweetId, MediaIds: mediaIds), record.ClaimedAt, cancellationToken);
            return await PostedAsync(slot, record, result.TweetId, text, length.WeightedLength);
        }
        catch (XApiException e)
        {
            // Unless X answered (a refusal, a limit) or nothing was sent, the request may have reached X and only its answer been lost.
            if (sent && e.Kind == XErrorKind.Transient)
            {
                record.MayHavePostedAt = time.GetUtcNow();
            }
            return await FailedAsync(slot, record, e, length.WeightedLength);
        }
        catch (OperationCanceledException)
        {
            // The request's budget ran out: give the claim back now, so the retry need not wait for it to be abandoned.
            record.Status = PostStatus.Failed;
            record.FailureKind = XErrorKind.Transient.ToString();
            record.MayHavePostedAt = sent ? time.GetUtcNow() : record.MayHavePostedAt;
            await posts.TryUpdateAsync(record, CancellationToken.None);
            throw;
        }
    }

    private async Task<PostOutcome> PostedAsync(PortalSlot slot, PostRecord record, string? tweetId, string text, int weightedLength)
    {
        record.Status = PostStatus.Posted;
        record.Text = text;
        record.TweetId = tweetId;
        record.PostedAt = time.GetUtcNow();
        record.MayHavePostedAt = null;
        await posts.TryUpdateAsync(record, CancellationToken.None);
        logger.PostPosted(record.RowKey, slot.Link.AccountId, slot.Link.SlotRowKey, tweetId);
        if (record.MediaCount > 0)
        {
            await staged.DeleteAsync(slot.Link.AccountId, record.RowKey, CancellationToken.None);
        }
        return new PostOutcome(PostOutcomeKind.Posted, tweetId, WeightedLength: weightedLength);
    }

    private async Task<PostOutcome> FailedAsync(PortalSlot slot, PostRecord record, XApiException e, int weightedLength)
    {
        record.Status = PostStatus.Failed;
        record.FailureKind = e.Kind.ToString();
        await posts.TryUpdateAsync(record, CancellationToken.None);
        logger.PostFailed(record.RowKey, slot.Link.AccountId, slot.Link.SlotRowKey, e.Kind.ToString());
        // X's 403 to a reply (other than a duplicate): the author did not mention the account, or the post is gone.
        var kind = record.InReplyToTweetId is not null && e is { Kind: XErrorKind.Rejected, StatusCode: 403, IsDuplicateContent: false }
            ? PostOutcomeKind.ReplyNotAllowed
            : PostOutcomeKind.Failed;
        return new PostOutcome(kind, Retryable: e.IsRetryable, WeightedLength: weightedLength);
    }

    /// <summary>
    /// The post's images at X, alt text set: staged first (so a retry of this post id finds them without the files
    /// again), then uploaded. Null when the post has none.
    /// </summary>
    private async Task<IReadOnlyList<string>?> UploadImagesAsync(PortalSlot slot, PostRecord record, IReadOnlyList<PortalImage> images, CancellationToken cancellationToken)
    {
        if (images.Count > 0)
        {
            await staged.StageAsync(slot.Link.AccountId, record.RowKey, images, cancellationToken);
        }
        else if (record.MediaCount > 0)
        {
            images = await staged.ListAsync(slot.Link.AccountId, record.RowKey, cancellationToken);
        }
        if (images.Count == 0)
        {
            return null;
        }
        var ids = new List<string>();
        foreach (var image in images)
        {
            ids.Add(await publisher.UploadImageAsync(slot.Link.AccountId, image.Data, image.MediaType!, image.AltText.Trim(), cancellationToken));
        }
        return ids;
    }

    /// <summary>
    /// The slot's posts claimed in the last hour (failed ones aside), from the Posts table, so every instance
    /// counts the same. Two requests at the very same moment may both pass at the limit: one post over, never a flood.
    /// </summary>
    private async Task<PostOutcome?> HourlyLimitAsync(PortalSlot slot, string postId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var limit = options.Value.PostsPerHour;
        var recent = (await posts.ListAsync(slot.Link.AccountId, slot.Link.SlotRowKey, cancellationToken))
            .Where(p => p.Status != PostStatus.Failed && p.ClaimedAt > now - TimeSpan.FromHours(1))
            .Select(p => p.ClaimedAt)
            .Order()
            .ToList();
        if (recent.Count < limit)
        {
            return null;
        }
        logger.PostsLimited(slot.Link.AccountId, slot.Link.SlotRowKey, recent.Count, postId);
        // The next post may go when enough of these are more than an hour old.
        var retryAfter = recent[recent.Count - limit] + TimeSpan.FromHours(1) - now;
        return new PostOutcome(PostOutcomeKind.RateLimited) { RetryAfter = retryAfter, Count = recent.Count };
    }
}
