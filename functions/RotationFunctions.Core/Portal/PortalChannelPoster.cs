using RotationFunctions.Channels;
using RotationFunctions.Channels.Bluesky;
using RotationFunctions.Channels.X;
using RotationFunctions.Schedule;

namespace RotationFunctions.Portal;

/// <summary>
/// A portal post on Bluesky or Mastodon, exactly once, with the channel publishers the handovers use: its own Posts
/// row (RK "{post id}-{channel}") is claimed first; Bluesky gets a record key chosen at the claim and kept in the row
/// (a retry asks for the same key, so the repo answers "already exists" instead of taking a second post), and
/// Mastodon an Idempotency-Key of post id and channel (a retry past the instance's hour looks the status up first).
/// The post's images are uploaded again on every attempt (the networks' media ids name nothing for good); the key
/// still makes the post once.
/// </summary>
public sealed class PortalChannelPoster(PostsTable posts, ChannelPublishers publishers, TimeProvider time, ILogger<PortalChannelPoster> logger)
{
    /// <summary>As <see cref="PortalPoster"/>: a claim still open this long was abandoned by its request.</summary>
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(2);

    public async Task<ChannelPostOutcome> PostAsync(
        PortalSlot slot, string postId, Channel channel, string text, DateTimeOffset now, IReadOnlyList<PortalImage> images, CancellationToken cancellationToken,
        PortalMention? replyTo = null)
    {
        var publisher = publishers.Get(channel) ?? throw new InvalidOperationException($"No publisher for {channel} is registered.");
        var accountId = slot.Link.AccountId;
        var rowKey = PostRecord.RowKeyFor(postId, channel);
        var record = await posts.GetAsync(accountId, rowKey, cancellationToken);
        var lookFirst = false;
        if (record is null)
        {
            record = new PostRecord
            {
                PartitionKey = accountId,
                RowKey = rowKey,
                PostId = postId,
                Channel = channel.ToString(),
                Slot = slot.Link.SlotRowKey,
                CuratorName = slot.Slot.CuratorName,
                CuratorHandle = slot.Slot.CuratorHandle,
                Text = text,
                MediaCount = images.Count,
                InReplyToTweetId = replyTo?.Id,
                Status = PostStatus.Claimed,
                // Whole milliseconds: the claim time is Bluesky's createdAt on every attempt, and must read back as it was written.
                ClaimedAt = TruncateToMilliseconds(now),
                AttemptedAt = now,
                RecordKey = channel == Channel.Bluesky ? BlueskyRecordKey.New(now) : null,
            };
            if (!await posts.TryClaimAsync(record, cancellationToken))
            {
                return new ChannelPostOutcome(channel, PostOutcomeKind.InProgress, Retryable: true);
            }
        }
        else
        {
            if (record.Slot != slot.Link.SlotRowKey)
            {
                return new ChannelPostOutcome(channel, PostOutcomeKind.NotAllowed);
            }
            var attempted = record.AttemptedAt ?? record.ClaimedAt;
            var abandoned = record.Status == PostStatus.Claimed && attempted + AbandonedAfter <= now;
            if (record.Status != PostStatus.Failed && !abandoned)
            {
                logger.PostRepeated(rowKey, accountId, record.Status);
                return record.Status is PostStatus.Posted or PostStatus.Deleted
                    ? new ChannelPostOutcome(channel, PostOutcomeKind.AlreadyPosted, record.PostUrl)
                    : new ChannelPostOutcome(channel, PostOutcomeKind.InProgress, Retryable: true);
            }
            lookFirst = abandoned || record.MayHavePostedAt is not null;
            record.Status = PostStatus.Claimed;
            record.AttemptedAt = now;
            record.Text = text;
            record.MediaCount = images.Count > 0 ? images.Count : record.MediaCount;
            record.FailureKind = null;
            if (!await posts.TryUpdateAsync(record, cancellationToken))
            {
                return new ChannelPostOutcome(channel, PostOutcomeKind.InProgress, Retryable: true);
            }
        }

        var post = ChannelPostFor(record, text) with { Images = images.Count > 0 ? ChannelImages.ForChannel(images) : null };
        var sent = false;
        try
        {
            var replier = publisher as IChannelReplier;
            if (lookFirst && await (replyTo is not null && replier is not null ? replier.FindReplyAsync(post, replyTo.Reply, cancellationToken) : publisher.FindAsync(post, cancellationToken)) is { } found)
            {
                return await PostedAsync(slot, record, publisher, found, wasDuplicate: true);
            }
            sent = true;
            var result = replyTo is null ? await publisher.PublishAsync(post, cancellationToken)
                : replier is not null ? await replier.ReplyAsync(post, replyTo.Reply, cancellationToken)
                : throw new InvalidOperationException($"{channel} cannot reply.");
            return await PostedAsync(slot, record, publisher, result.TweetId, result.WasDuplicate);
        }
        catch (XApiException e)
        {
            // No answer: the post may be there; the retry's key (record key, Idempotency-Key) or look-up finds it.
            record.Status = PostStatus.Failed;
            record.FailureKind = e.Kind.ToString();
            record.MayHavePostedAt = sent && e.Kind == XErrorKind.Transient ? time.GetUtcNow() : record.MayHavePostedAt;
            await posts.TryUpdateAsync(record, CancellationToken.None);
            logger.ChannelFailed(postId, accountId, slot.Link.SlotRowKey, channel.ToString(), e.Kind.ToString());
            return new ChannelPostOutcome(channel, PostOutcomeKind.Failed, Retryable: e.IsRetryable, Reason: e.Kind.ToString());
        }
        catch (OperationCanceledException)
        {
            record.GiveBack(sent, time.GetUtcNow());
            await posts.TryUpdateAsync(record, CancellationToken.None);
            throw;
        }
    }

    /// <summary>
    /// The post as the channel publishers take a step: the first claim's time (Bluesky's createdAt), the record key chosen
    /// at the claim, and a key of account, post id and channel (Mastodon's Idempotency-Key). A row claimed before record
    /// keys were kept makes its key as it did then: from the claim time and the post id, past the handover steps' clock ids.
    /// </summary>
    public static ChannelPost ChannelPostFor(PostRecord record, string text) =>
        new(record.PartitionKey, text, record.ClaimedAt, $"portal/{record.PartitionKey}/{record.FormPostId}/{record.ChannelOrX}", record.ClaimedAt, StepIndex(record.FormPostId), record.RecordKey);

    /// <summary>16…127: BlueskyRecordKey's clock id holds step × 8 + channel in 10 bits (only rows without a kept record key).</summary>
    public static int StepIndex(string postId) => 16 + (int.Parse(postId.AsSpan(0, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) % 112);

    private async Task<ChannelPostOutcome> PostedAsync(PortalSlot slot, PostRecord record, IChannelPublisher publisher, string? id, bool wasDuplicate)
    {
        record.Status = PostStatus.Posted;
        record.TweetId = id;
        record.PostUrl = Url(slot, publisher.Channel, id);
        record.PostedAt = time.GetUtcNow();
        record.MayHavePostedAt = null;
        await posts.TryUpdateAsync(record, CancellationToken.None);
        var channel = publisher.Channel;
        logger.ChannelPosted(record.FormPostId, slot.Link.AccountId, slot.Link.SlotRowKey, record.Channel ?? "", id, wasDuplicate);
        return new ChannelPostOutcome(channel, PostOutcomeKind.Posted, record.PostUrl);
    }

    /// <summary>
    /// Where the curator sees the post: Bluesky's app at /profile/{did}/post/{rkey} for at://{did}/app.bsky.feed.post/{rkey}
    /// (atproto.com/specs/at-uri-scheme); Mastodon's /web/statuses/{id}, which the server still routes to the status
    /// (mastodon/mastodon PR #19978).
    /// </summary>
    public static string? Url(PortalSlot slot, Channel channel, string? id)
    {
        if (id is null)
        {
            return null;
        }
        switch (channel)
        {
            case Channel.Bluesky:
                // A DID (did:plc:…) and a TID go into the path as they are; anything else the repo answered makes no link.
                return BlueskyPublisher.ParseUri(id) is { Collection: BlueskyPublisher.PostCollection } uri
                    && uri.Did.All(c => char.IsAsciiLetterOrDigit(c) || c is ':' or '.' or '_' or '-') && uri.RecordKey.All(char.IsAsciiLetterOrDigit)
                    ? $"https://bsky.app/profile/{uri.Did}/post/{uri.RecordKey}"
                    : null;
            case Channel.Mastodon:
                return slot.Account.MastodonInstance is { } instance
                    ? new Uri(new Uri(instance.AbsoluteUri.TrimEnd('/') + "/"), "web/statuses/" + Uri.EscapeDataString(id)).AbsoluteUri
                    : null;
            default:
                return $"https://x.com/i/web/status/{Uri.EscapeDataString(id)}";
        }
    }

    private static DateTimeOffset TruncateToMilliseconds(DateTimeOffset at) =>
        new(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
}
