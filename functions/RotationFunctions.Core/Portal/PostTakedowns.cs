using RotationFunctions.Channels;
using RotationFunctions.Channels.X;

namespace RotationFunctions.Portal;

/// <summary>
/// Taking posts down: a curator's own post from the portal, or any of the account's tweets by an admin
/// (`rotation post delete`). Each is recorded in the Posts audit: who, when, and an admin's reason.
/// </summary>
public sealed class PostTakedowns(PostsTable posts, ITweetDeleter deleter, TimeProvider time, ILogger<PostTakedowns> logger)
{
    /// <summary>
    /// The curator takes one of their own posted posts down (during the posting window): only a post of this
    /// slot, found by the form's post id, so a forged id of another curator's post finds nothing.
    /// </summary>
    public async Task<DeleteOutcome> DeleteAsync(PortalSlot slot, string postId, CancellationToken cancellationToken)
    {
        var record = PortalService.IsPostId(postId) ? await posts.GetAsync(slot.Link.AccountId, postId, cancellationToken) : null;
        if (record is null || record.Slot != slot.Link.SlotRowKey || record.Status != PostStatus.Posted || record.TweetId is null
            || !slot.Window.CanPost(time.GetUtcNow()))
        {
            return DeleteOutcome.NotFound;
        }
        return await TakeDownAsync(record, "curator", reason: null, cancellationToken);
    }

    /// <summary>
    /// An admin's takedown of any of the account's tweets (`rotation post delete`): recorded in the post's Posts
    /// row, or in a row of its own (RK "takedown-{tweet id}") for a tweet the portal did not post.
    /// </summary>
    public async Task<DeleteOutcome> TakeDownAsync(string accountId, string tweetId, string reason, CancellationToken cancellationToken)
    {
        var record = await posts.FindByTweetAsync(accountId, tweetId, cancellationToken);
        if (record is { Status: PostStatus.Deleted })
        {
            return DeleteOutcome.AlreadyDeleted;
        }
        record ??= new PostRecord
        {
            PartitionKey = accountId,
            RowKey = $"takedown-{tweetId}",
            TweetId = tweetId,
            Status = PostStatus.Posted,
            ClaimedAt = time.GetUtcNow(),
        };
        return await TakeDownAsync(record, "admin", reason, cancellationToken);
    }

    private async Task<DeleteOutcome> TakeDownAsync(PostRecord record, string by, string? reason, CancellationToken cancellationToken)
    {
        bool deleted;
        try
        {
            deleted = await deleter.DeleteAsync(record.PartitionKey, record.TweetId!, cancellationToken);
        }
        catch (XApiException e)
        {
            logger.PostDeleteFailed(record.PartitionKey, record.TweetId!, e.Kind.ToString());
            return DeleteOutcome.Failed;
        }
        if (!deleted && record.ETag == default)
        {
            // Not ours to record: X has no such tweet of the account (gone already, or a wrong id).
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
        logger.PostDeleted(record.PartitionKey, record.TweetId!, by);
        return deleted ? DeleteOutcome.Deleted : DeleteOutcome.AlreadyDeleted;
    }

}
