using Azure.Storage.Queues;
using RotationFunctions.Handover;

namespace RotationFunctions.Notices;

/// <summary>The Notices table and the notice queues.</summary>
public sealed class NoticeStore(TableServiceClient tables, QueueServiceClient queues, IOptions<StorageNames> names, IOptions<HandoverOptions> handoverOptions)
{
    public TableClient Table => tables.GetTableClient(names.Value.NoticesTable);
    public QueueClient Queue => queues.GetQueueClient(names.Value.NoticeQueue);
    public QueueClient PoisonQueue => queues.GetQueueClient(names.Value.NoticePoisonQueue);

    /// <summary>The account's notices whose key lies in [<paramref name="from"/>, <paramref name="to"/>): one key-range query.</summary>
    public async Task<Dictionary<string, NoticeRecord>> ReadRangeAsync(string accountId, string from, string to, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {accountId} and RowKey ge {from} and RowKey lt {to}");
        var rows = new Dictionary<string, NoticeRecord>(StringComparer.Ordinal);
        await foreach (var row in Table.QueryAsync<NoticeRecord>(filter, cancellationToken: cancellationToken))
        {
            rows[row.RowKey] = row;
        }
        return rows;
    }

    /// <summary>Every notice of the account, oldest key first (the CLI's list).</summary>
    public async Task<IReadOnlyList<NoticeRecord>> ListAsync(string accountId, CancellationToken cancellationToken)
    {
        var rows = new List<NoticeRecord>();
        await foreach (var row in Table.QueryAsync<NoticeRecord>(r => r.PartitionKey == accountId, cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }
        return rows;
    }

    public Task<NoticeRecord?> GetAsync(string accountId, string key, CancellationToken cancellationToken) =>
        Table.GetOrNullAsync<NoticeRecord>(accountId, key, cancellationToken);

    /// <summary>Adds a row; false when it is already there (another tick or instance planned it).</summary>
    public Task<bool> TryAddAsync(NoticeRecord record, CancellationToken cancellationToken) =>
        Table.TryAddAsync(record, cancellationToken);

    /// <summary>Replaces the row if nobody wrote it since it was read (the claim that makes one send per row); false otherwise.</summary>
    public Task<bool> TryUpdateAsync(NoticeRecord record, CancellationToken cancellationToken) =>
        Table.TryReplaceAsync(record, cancellationToken);

    /// <summary>Enqueues the notice to become visible when it is due. Messages never expire, as handovers': a late one is judged (missed), not lost.</summary>
    public async Task EnqueueAsync(NoticeMessage message, TimeSpan delay, CancellationToken cancellationToken) =>
        await Queue.SendMessageAsync(message.ToJson(), HandoverStore.VisibilityDelay(delay, handoverOptions.Value.QueueDelayScale), TimeSpan.FromSeconds(-1), cancellationToken);

    public async Task SendToPoisonAsync(string rawMessage, CancellationToken cancellationToken) =>
        await PoisonQueue.SendMessageAsync(rawMessage, null, TimeSpan.FromSeconds(-1), cancellationToken);
}
