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
            if (existing.Status != PostStatus.Failed)
            {
                logger.PostRepeated(postId, slot.Link.AccountId, existing.Status);
                return existing.Status == PostStatus.Posted
                    ? new PostOutcome(PostOutcomeKind.AlreadyPosted, existing.TweetId)
                    : new PostOutcome(PostOutcomeKind.InProgress);
            }
            // A failed attempt of this post: take it over (ETag), keeping its first claim time, with the text now sent.
            existing.Status = PostStatus.Claimed;
            existing.Text = text;
            existing.InReplyToTweetId = request.InReplyTo;
            existing.MediaCount = request.Images.Count > 0 ? request.Images.Count : existing.MediaCount;
            existing.FailureKind = null;
            if (!await posts.TryUpdateAsync(existing, cancellationToken))
            {
                return new PostOutcome(PostOutcomeKind.InProgress);
            }
            record = existing;
        }

        try
        {
            var mediaIds = await UploadImagesAsync(slot, record, request.Images, cancellationToken);
            var result = await publisher.PublishAsync(slot.Link.AccountId, new XPostTweetRequest(text, record.InReplyToTweetId, MediaIds: mediaIds), record.ClaimedAt, cancellationToken);
            record.Status = PostStatus.Posted;
            record.TweetId = result.TweetId;
            record.PostedAt = time.GetUtcNow();
            await posts.TryUpdateAsync(record, CancellationToken.None);
            logger.PostPosted(postId, slot.Link.AccountId, slot.Link.SlotRowKey, result.TweetId);
            if (record.MediaCount > 0)
            {
                await staged.DeleteAsync(slot.Link.AccountId, postId, CancellationToken.None);
            }
            return new PostOutcome(PostOutcomeKind.Posted, result.TweetId, WeightedLength: length.WeightedLength);
        }
        catch (XApiException e)
        {
            record.Status = PostStatus.Failed;
            record.FailureKind = e.Kind.ToString();
            await posts.TryUpdateAsync(record, CancellationToken.None);
            logger.PostFailed(postId, slot.Link.AccountId, slot.Link.SlotRowKey, e.Kind.ToString());
            // X's 403 to a reply (other than a duplicate): the author did not mention the account, or the post is gone.
            var kind = record.InReplyToTweetId is not null && e is { Kind: XErrorKind.Rejected, StatusCode: 403, IsDuplicateContent: false }
                ? PostOutcomeKind.ReplyNotAllowed
                : PostOutcomeKind.Failed;
            return new PostOutcome(kind, Retryable: e.IsRetryable, WeightedLength: length.WeightedLength);
        }
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
