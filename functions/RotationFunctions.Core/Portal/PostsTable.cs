using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using RotationFunctions.Storage;

namespace RotationFunctions.Portal;

/// <summary>The Posts table: claims and audit of portal posts.</summary>
public sealed class PostsTable(TableServiceClient tables, IOptions<StorageNames> names)
{
    private TableClient Table => tables.GetTableClient(names.Value.PostsTable);

    /// <summary>Adds the claim; false when the post id already has a row (a double click, a retried request).</summary>
    public Task<bool> TryClaimAsync(PostRecord record, CancellationToken cancellationToken) =>
        TableBatches.TryAddAsync(Table, record, cancellationToken);

    public async Task<PostRecord?> GetAsync(string accountId, string postId, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<PostRecord>(accountId, postId, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value : null;
    }

    /// <summary>Replaces the row if nobody changed it since it was read; false otherwise.</summary>
    public Task<bool> TryUpdateAsync(PostRecord record, CancellationToken cancellationToken) =>
        TableBatches.TryReplaceAsync(Table, record, cancellationToken);

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
}
