using RotationFunctions.Channels;
using RotationFunctions.Channels.X;
using RotationFunctions.Schedule;

namespace RotationFunctions.Portal;

/// <summary>
/// Taking posts down: a curator's own post from the portal (on every network it was posted to), or any of the account's
/// posts by an admin (`rotation post delete`). Each is recorded in the Posts audit: who, when, and an admin's reason.
/// </summary>
public sealed class PostTakedowns(PostsTable posts, ChannelDeleters deleters, TimeProvider time, ILogger<PostTakedowns> logger)
{
    /// <summary>
    /// The curator takes one of their own posts down (during the posting window) on every network it was posted to: only
    /// rows of this slot, found by the form's post id, so a forged id of another curator's post finds nothing. Each network
    /// is asked on its own: one failing holds no other, and the same delete again takes down what is left.
    /// </summary>
    public async Task<TakedownResult> DeleteAsync(PortalSlot slot, string postId, CancellationToken cancellationToken)
    {
        if (!PortalService.IsPostId(postId) || !slot.Window.CanPost(time.GetUtcNow()))
        {
            return TakedownResult.NotFound;
        }
        var rows = new List<PostRecord>();
        foreach (var channel in Enum.GetValues<Channel>())
        {
            if (await posts.GetAsync(slot.Link.AccountId, PostRecord.RowKeyFor(postId, channel), cancellationToken) is { } row
                && row.Slot == slot.Link.SlotRowKey && row.ChannelOrX == channel && row.TweetId is not null
                && row.Status is PostStatus.Posted or PostStatus.Deleted)
            {
                rows.Add(row);
            }
        }
        if (rows.Count == 0)
        {
            return TakedownResult.NotFound;
        }
        var outcomes = await Task.WhenAll(rows.Select(async row => new ChannelDeleteOutcome(row.ChannelOrX,
            row.Status == PostStatus.Deleted ? DeleteOutcome.AlreadyDeleted : await TakeDownOnAsync(row, "curator", reason: null, cancellationToken))));
        var overall = outcomes.Any(o => o.Outcome == DeleteOutcome.Failed) ? DeleteOutcome.Failed
            : outcomes.Any(o => o.Outcome == DeleteOutcome.Deleted) ? DeleteOutcome.Deleted
            : DeleteOutcome.AlreadyDeleted;
        return new TakedownResult(overall, outcomes);
    }

    /// <summary>An admin's takedown of one of the account's tweets on X (see the overload with a channel).</summary>
    public Task<DeleteOutcome> TakeDownAsync(string accountId, string tweetId, string reason, CancellationToken cancellationToken) =>
        TakeDownAsync(accountId, Channel.X, tweetId, reason, cancellationToken);

    /// <summary>
    /// An admin's takedown of any of the account's posts on <paramref name="channel"/> (`rotation post delete`): X's tweet id,
    /// Bluesky's at:// uri or Mastodon's status id. Recorded in the post's Posts row, or in a row of its own
    /// (RK "takedown-{tweet id}" on X, "takedown-{channel}-{record key or status id}" elsewhere) for a post the portal did not post.
    /// </summary>
    public async Task<DeleteOutcome> TakeDownAsync(string accountId, Channel channel, string postId, string reason, CancellationToken cancellationToken)
    {
        var record = await posts.FindByTweetAsync(accountId, postId, cancellationToken, channel);
        if (record is { Status: PostStatus.Deleted })
        {
            return DeleteOutcome.AlreadyDeleted;
        }
        record ??= new PostRecord
        {
            PartitionKey = accountId,
            RowKey = TakedownRowKey(channel, postId),
            TweetId = postId,
            Channel = channel == Channel.X ? null : channel.ToString(),
            Status = PostStatus.Posted,
            ClaimedAt = time.GetUtcNow(),
        };
        return await TakeDownOnAsync(record, "admin", reason, cancellationToken);
    }

    /// <summary>X's as before channels; elsewhere the channel and the id's last part (a Bluesky uri's record key: RowKeys take no '/').</summary>
    private static string TakedownRowKey(Channel channel, string postId) => channel switch
    {
        Channel.X => $"takedown-{postId}",
        _ => $"takedown-{channel.ToString().ToLowerInvariant()}-{postId[(postId.LastIndexOf('/') + 1)..]}",
    };

    private async Task<DeleteOutcome> TakeDownOnAsync(PostRecord record, string by, string? reason, CancellationToken cancellationToken)
    {
        var channel = record.ChannelOrX;
        bool deleted;
        try
        {
            var deleter = deleters.Get(channel) ?? throw new XApiException(XErrorKind.Rejected, $"this app has no set-up for {channel}") { Channel = channel };
            deleted = await deleter.DeleteAsync(record.PartitionKey, record.TweetId!, cancellationToken);
        }
        catch (XApiException e)
        {
            logger.PostDeleteFailed(record.PartitionKey, record.TweetId!, channel.ToString(), e.Kind.ToString());
            return DeleteOutcome.Failed;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The request's budget ran out on this network: the post may still be there, and the others' answers stand.
            logger.PostDeleteFailed(record.PartitionKey, record.TweetId!, channel.ToString(), XErrorKind.Transient.ToString());
            return DeleteOutcome.Failed;
        }
        if (!deleted && record.ETag == default)
        {
            // Not ours to record: the network has no such post of the account (gone already, or a wrong id).
            return DeleteOutcome.AlreadyDeleted;
        }
        record.Status = PostStatus.Deleted;
        record.DeletedAt = time.GetUtcNow();
        record.DeletedBy = by;
        record.DeletionReason = reason;
        // The audit must say it is gone: a lost race with another writer is read again and written once more.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (record.ETag == default ? await posts.TryClaimAsync(record, CancellationToken.None) : await posts.TryUpdateAsync(record, CancellationToken.None))
            {
                break;
            }
            var current = await posts.GetAsync(record.PartitionKey, record.RowKey, CancellationToken.None);
            if (current is null)
            {
                record.ETag = default;
                continue;
            }
            (current.Status, current.DeletedAt, current.DeletedBy, current.DeletionReason) = (record.Status, record.DeletedAt, record.DeletedBy, record.DeletionReason);
            record = current;
        }
        logger.PostDeleted(record.PartitionKey, record.TweetId!, channel.ToString(), by);
        return deleted ? DeleteOutcome.Deleted : DeleteOutcome.AlreadyDeleted;
    }
}
