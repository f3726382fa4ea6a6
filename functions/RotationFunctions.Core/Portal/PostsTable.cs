namespace RotationFunctions.Portal;

/// <summary>The Posts table: claims and audit of portal posts.</summary>
public sealed class PostsTable(TableServiceClient tables, IOptions<StorageNames> names)
{
    private TableClient Table => tables.GetTableClient(names.Value.PostsTable);

    /// <summary>Adds the claim; false when the post id already has a row (a double click, a retried request).</summary>
    public Task<bool> TryClaimAsync(PostRecord record, CancellationToken cancellationToken) =>
        Table.TryAddAsync(record, cancellationToken);

    public Task<PostRecord?> GetAsync(string accountId, string postId, CancellationToken cancellationToken) =>
        Table.GetOrNullAsync<PostRecord>(accountId, postId, cancellationToken);

    /// <summary>Replaces the row if nobody changed it since it was read; false otherwise.</summary>
    public Task<bool> TryUpdateAsync(PostRecord record, CancellationToken cancellationToken) =>
        Table.TryReplaceAsync(record, cancellationToken);

    /// <summary>The account's Posts row of <paramref name="tweetId"/> on <paramref name="channel"/> (a portal post, or an earlier takedown), or null.</summary>
    public async Task<PostRecord?> FindByTweetAsync(string accountId, string tweetId, CancellationToken cancellationToken, Schedule.Channel channel = Schedule.Channel.X)
    {
        await foreach (var row in Table.QueryAsync<PostRecord>(r => r.PartitionKey == accountId && r.TweetId == tweetId, cancellationToken: cancellationToken))
        {
            // X's and Mastodon's ids are both digits: the same id on another network is another post.
            if (row.ChannelOrX == channel)
            {
                return row;
            }
        }
        return null;
    }

    /// <summary>The slot's posts, newest first (one partition, filtered by slot: a curator sees only their own).</summary>
    public async Task<IReadOnlyList<PostRecord>> ListAsync(string accountId, string slotRowKey, CancellationToken cancellationToken)
    {
        var list = new List<PostRecord>();
        await foreach (var row in Table.QueryAsync<PostRecord>(r => r.PartitionKey == accountId && r.Slot == slotRowKey, cancellationToken: cancellationToken))
        {
            list.Add(row);
        }
        return [.. list.OrderByDescending(r => r.ClaimedAt)];
    }

    /// <summary>The account's posts of slots whose RowKey sorts before <paramref name="slotRowKey"/> (retention's candidates).</summary>
    public IAsyncEnumerable<PostRecord> ListBeforeSlotAsync(string accountId, string slotRowKey, CancellationToken cancellationToken) =>
        Table.QueryAsync<PostRecord>(TableClient.CreateQueryFilter($"PartitionKey eq {accountId} and Slot lt {slotRowKey}"), cancellationToken: cancellationToken);

    /// <summary>Deletes a row (retention); a row already gone is no error.</summary>
    public async Task DeleteAsync(PostRecord record, CancellationToken cancellationToken) =>
        await Table.DeleteEntityAsync(record.PartitionKey, record.RowKey, ETag.All, cancellationToken);
}
