using RotationFunctions.Channels;
using RotationFunctions.Channels.X;
using RotationFunctions.Schedule;
using RotationFunctions.Text;

namespace RotationFunctions.Portal;

/// <summary>
/// A curator's post or reply, exactly once on each channel ticked (issue 17): the text is checked once (guard, each
/// channel's length, images) before any channel is asked; then each channel's Posts row is claimed before that
/// network is asked, so a double click or a retried request finds the claims and posts nothing again. X keeps the
/// form's post id as its row key (<see cref="PostRecord.RowKeyFor"/>); Bluesky and Mastodon go through
/// <see cref="PortalChannelPoster"/>. One channel failing stops no other.
/// </summary>
public sealed class PortalPoster(
    IOptions<PortalOptions> options,
    PostsTable posts,
    ChannelImages images,
    XTweetPublisher publisher,
    PortalChannelPoster channelPoster,
    ChannelPublishers publishers,
    PortalChannelMentions mentions,
    TimeProvider time,
    ILogger<PortalPoster> logger)
{
    /// <summary>A post request's budget is 60 s (issue 14): a claim still open twice that long was abandoned by its request.</summary>
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Posts <paramref name="request"/> once on each of its channels. A retry of a failed or abandoned claim passes the first
    /// claim's time to the publisher, so a post whose answer was lost is recognised instead of posted twice.
    /// </summary>
    public async Task<PostOutcome> PostAsync(PortalSlot slot, PortalPostRequest request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var postId = request.PostId;
        if (!slot.MayPost || !slot.Window.CanPost(now) || !PortalService.IsPostId(postId)
            || !request.HasValidReplyTarget)
        {
            return new PostOutcome(PostOutcomeKind.NotAllowed);
        }
        var (channels, channelProblem) = Channels(slot, request);
        if (channelProblem is { } refused)
        {
            logger.ChannelRefused(postId, slot.Link.AccountId);
            return refused;
        }
        var text = request.Text.Trim();
        if (text.Length == 0)
        {
            return new PostOutcome(PostOutcomeKind.Empty);
        }
        PortalMention? replyTo = null;
        if (request.InReplyTo is not null && channels[0] != Channel.X)
        {
            // Only a mention of the account on the page's list is answered, with what the network says of it.
            var (mention, unavailable) = await mentions.FindAsync(slot, channels[0], request.InReplyTo, cancellationToken);
            if (mention is null)
            {
                return unavailable ? new PostOutcome(PostOutcomeKind.Failed, Retryable: true) : new PostOutcome(PostOutcomeKind.NotAllowed);
            }
            (replyTo, text) = (mention, PortalReplies.Text(mention, text));
        }
        // The guard once, for the text every channel gets.
        var (length, guard) = PortalService.Check(slot, text);
        if (guard.Blocked)
        {
            logger.PostBlocked(postId, slot.Link.AccountId, slot.Link.SlotRowKey, guard.Findings.Count);
            return new PostOutcome(PostOutcomeKind.Blocked, Guard: guard, WeightedLength: length.WeightedLength);
        }
        // Each channel's length as validation and preview count it, all before anything is posted.
        foreach (var channel in channels)
        {
            var measured = ChannelLength.Measure(text, channel, slot.Account.MastodonMaxCharacters);
            if (!measured.IsValid)
            {
                return new PostOutcome(PostOutcomeKind.TooLong, WeightedLength: measured.Length) { Channel = channel, Max = measured.Max };
            }
        }
        if (PortalImage.Check(request.Images, request.NobodyIdentifiable) is { } problem)
        {
            return new PostOutcome(PostOutcomeKind.ImagesInvalid) { ImageProblem = problem };
        }
        // Each network's own limits (Bluesky's bytes, the Mastodon instance's), per image, before anything is posted.
        if (await images.CheckAsync(slot, channels, request.Images, cancellationToken) is { } refusedImages)
        {
            return refusedImages;
        }
        // Alt text is published too: the guard reads it as it reads the text.
        if (request.Images.Select(i => PortalService.Check(slot, i.AltText.Trim()).Guard).FirstOrDefault(g => g.Blocked) is { } altGuard)
        {
            logger.PostBlocked(postId, slot.Link.AccountId, slot.Link.SlotRowKey, altGuard.Findings.Count);
            return new PostOutcome(PostOutcomeKind.ImagesInvalid) { ImageProblem = ImageProblem.AltTextBlocked };
        }
        if (request.Images.Count > 0 && channels.Contains(Channel.X) && !await publisher.CanUploadImagesAsync(slot.Link.AccountId, cancellationToken))
        {
            return new PostOutcome(PostOutcomeKind.ImagesNotAllowed);
        }

        // A post id none of whose channels has a row yet is a new post: counted against the hour's limit.
        var existing = new Dictionary<Channel, PostRecord?>();
        foreach (var channel in channels)
        {
            existing[channel] = await posts.GetAsync(slot.Link.AccountId, PostRecord.RowKeyFor(postId, channel), cancellationToken);
        }
        if (existing.Values.All(r => r is null) && await HourlyLimitAsync(slot, postId, now, cancellationToken) is { } limited)
        {
            return limited;
        }

        // Staged once for every channel: each uploads them itself, and a retry without the files finds them here.
        var postImages = await images.PrepareAsync(slot.Link.AccountId, postId, request.Images, existing.Values, cancellationToken);
        if (ChannelImages.Gone(postImages, existing.Values))
        {
            return new PostOutcome(PostOutcomeKind.ImagesInvalid) { ImageProblem = ImageProblem.ImagesGone };
        }
        var results = new List<ChannelPostOutcome>();
        PostOutcome? onX = null;
        foreach (var channel in channels)
        {
            if (channel == Channel.X)
            {
                onX = await PostOnXAsync(slot, request, text, length.WeightedLength, now, existing[Channel.X], postImages, cancellationToken);
                results.Add(new ChannelPostOutcome(Channel.X, onX.Kind, PortalChannelPoster.Url(slot, Channel.X, onX.TweetId), onX.Retryable));
            }
            else
            {
                results.Add(await channelPoster.PostAsync(slot, postId, channel, text, now, postImages, cancellationToken, replyTo));
            }
        }
        await images.DoneAsync(slot.Link.AccountId, postId, postImages, results);
        if (channels.Count == 1)
        {
            var only = results[0];
            return (onX ?? new PostOutcome(only.Kind, Retryable: only.Retryable, WeightedLength: length.WeightedLength)) with { Channels = results };
        }
        if (results.All(r => r.IsPosted))
        {
            return new PostOutcome(PostOutcomeKind.Posted, onX?.TweetId, WeightedLength: length.WeightedLength) { Channels = results };
        }
        // A double click: where the post is not made yet, the other request is making it; nothing failed.
        return results.All(r => r.IsPosted || r.Kind == PostOutcomeKind.InProgress)
            ? new PostOutcome(PostOutcomeKind.InProgress, onX?.TweetId, WeightedLength: length.WeightedLength) { Channels = results }
            : new PostOutcome(PostOutcomeKind.PartlyPosted, onX?.TweetId, Retryable: results.Any(r => r.Retryable), WeightedLength: length.WeightedLength)
            {
                Channels = results,
                RetryAfter = onX?.RetryAfter ?? TimeSpan.Zero,
            };
    }

    /// <summary>
    /// The channels to post on: the form's ticks (none in a form from before channels: the account's), each one the
    /// account posts on and this app is set up for; a reply goes to the network its mention is on, only. A channel the form names
    /// that is not so refuses the whole post.
    /// </summary>
    private (IReadOnlyList<Channel> Channels, PostOutcome? Problem) Channels(PortalSlot slot, PortalPostRequest request)
    {
        var account = slot.Account;
        if (request.InReplyTo is not null)
        {
            var on = request.ReplyNetwork ?? Channel.X;
            return account.Channels.Contains(on) && IsConfigured(account, on) ? ([on], null) : ([], new PostOutcome(PostOutcomeKind.NotAllowed));
        }
        if (request.Channels is null)
        {
            return ([.. account.Channels.Where(c => IsConfigured(account, c)).Distinct()], null);
        }
        if (request.Channels.Count == 0)
        {
            return ([], new PostOutcome(PostOutcomeKind.NoChannel));
        }
        var chosen = new List<Channel>();
        foreach (var name in request.Channels)
        {
            if (!Enum.TryParse<Channel>(name, ignoreCase: true, out var channel) || !Enum.IsDefined(channel) || name.Any(char.IsAsciiDigit)
                || !account.Channels.Contains(channel) || !IsConfigured(account, channel))
            {
                return ([], new PostOutcome(PostOutcomeKind.ChannelInvalid));
            }
            if (!chosen.Contains(channel))
            {
                chosen.Add(channel);
            }
        }
        // Always in the account's order, whatever order the form sent.
        return ([.. account.Channels.Where(chosen.Contains).Distinct()], null);
    }

    /// <summary>Whether this app can post on <paramref name="channel"/> for the account: a publisher, and for Mastodon the account's instance.</summary>
    public bool IsConfigured(AccountSettings account, Channel channel) =>
        channel == Channel.X || (publishers.Get(channel) is not null && (channel != Channel.Mastodon || account.MastodonInstance is not null));

    /// <summary>The post on X: its row keyed by the form's post id, as before channels.</summary>
    private async Task<PostOutcome> PostOnXAsync(
        PortalSlot slot, PortalPostRequest request, string text, int weightedLength, DateTimeOffset now, PostRecord? existing, IReadOnlyList<PortalImage> postImages, CancellationToken cancellationToken)
    {
        var postId = request.PostId;
        var length = (WeightedLength: weightedLength, IsValid: true);
        var record = new PostRecord
        {
            PartitionKey = slot.Link.AccountId,
            RowKey = postId,
            Channel = nameof(Channel.X),
            Slot = slot.Link.SlotRowKey,
            CuratorName = slot.Slot.CuratorName,
            CuratorHandle = slot.Slot.CuratorHandle,
            Text = text,
            InReplyToTweetId = request.InReplyTo,
            MediaCount = postImages.Count,
            Status = PostStatus.Claimed,
            ClaimedAt = now,
            AttemptedAt = now,
        };
        if (existing is null)
        {
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
            existing.MediaCount = postImages.Count > 0 ? postImages.Count : existing.MediaCount;
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
            var mediaIds = await UploadImagesAsync(slot, postImages, cancellationToken);
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
            record.GiveBack(sent, time.GetUtcNow());
            await posts.TryUpdateAsync(record, CancellationToken.None);
            throw;
        }
    }

    private async Task<PostOutcome> PostedAsync(PortalSlot slot, PostRecord record, string? tweetId, string text, int weightedLength)
    {
        record.Status = PostStatus.Posted;
        record.Text = text;
        record.TweetId = tweetId;
        record.PostUrl = PortalChannelPoster.Url(slot, Channel.X, tweetId);
        record.PostedAt = time.GetUtcNow();
        record.MayHavePostedAt = null;
        await posts.TryUpdateAsync(record, CancellationToken.None);
        logger.PostPosted(record.RowKey, slot.Link.AccountId, slot.Link.SlotRowKey, tweetId);
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

    /// <summary>The post's images at X, alt text set (staged already by <see cref="ChannelImages"/>). Null when the post has none.</summary>
    private async Task<IReadOnlyList<string>?> UploadImagesAsync(PortalSlot slot, IReadOnlyList<PortalImage> images, CancellationToken cancellationToken)
    {
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
            // A post on three channels is one post.
            .GroupBy(p => p.FormPostId)
            .Select(g => g.Min(p => p.ClaimedAt))
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
