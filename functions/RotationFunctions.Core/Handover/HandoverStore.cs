using Azure.Storage.Queues;

namespace RotationFunctions.Handover;

/// <summary>The Handovers table and the handover queues.</summary>
public sealed class HandoverStore(TableServiceClient tables, QueueServiceClient queues, IOptions<StorageNames> names, IOptions<HandoverOptions> options)
{
    public TableClient Table => tables.GetTableClient(names.Value.HandoversTable);
    public QueueClient Queue => queues.GetQueueClient(names.Value.HandoverQueue);
    public QueueClient PoisonQueue => queues.GetQueueClient(names.Value.HandoverPoisonQueue);

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        await Table.CreateIfNotExistsAsync(cancellationToken);
        await Queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await PoisonQueue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
    }

    /// <summary>The account's handovers between two instants: one key-range query.</summary>
    public async Task<Dictionary<string, HandoverRecord>> ReadRangeAsync(string accountId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {accountId} and RowKey ge {HandoverMessage.BoundaryKey(from)} and RowKey le {HandoverMessage.BoundaryKey(to)}");
        var rows = new Dictionary<string, HandoverRecord>(StringComparer.Ordinal);
        await foreach (var row in Table.QueryAsync<HandoverRecord>(filter, cancellationToken: cancellationToken))
        {
            rows[row.RowKey] = row;
        }
        return rows;
    }

    public Task<HandoverRecord?> GetAsync(string accountId, string key, CancellationToken cancellationToken) =>
        Table.GetOrNullAsync<HandoverRecord>(accountId, key, cancellationToken);

    /// <summary>Adds a row; false when it is already there (another tick or instance planned it).</summary>
    public Task<bool> TryAddAsync(HandoverRecord record, CancellationToken cancellationToken) =>
        Table.TryAddAsync(record, cancellationToken);

    /// <summary>Replaces the row if nobody changed it since it was read; the new ETag is kept on the record.</summary>
    public Task UpdateAsync(HandoverRecord record, CancellationToken cancellationToken) =>
        Table.ReplaceAsync(record, cancellationToken);

    /// <summary>
    /// Applies <paramref name="change"/> to the row and writes it if nobody wrote it since it was read. On a
    /// 412 the row is read again into <paramref name="record"/> and the change applied to the row as it is
    /// now, so a write that only lost a race (another delivery's counter, this worker's own write whose
    /// answer was lost and retried) still happens. False, without writing, when the change says it no
    /// longer applies; it must look before it changes anything.
    /// </summary>
    public async Task<bool> TryUpdateAsync(HandoverRecord record, Func<HandoverRecord, bool> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (!change(record))
            {
                return false;
            }
            try
            {
                await UpdateAsync(record, cancellationToken);
                return true;
            }
            catch (RequestFailedException e) when (e.Status == 412 && attempt < MaxRaces)
            {
                var now = await GetAsync(record.PartitionKey, record.RowKey, cancellationToken)
                    ?? throw new InvalidOperationException($"Handover {record.HandoverId} was deleted while it ran.", e);
                record.CopyFrom(now);
            }
        }
    }

    /// <summary>More lost races in a row than this means something keeps writing the row: give up and let the caller's retry decide.</summary>
    private const int MaxRaces = 5;

    /// <summary>
    /// Enqueues the handover so it becomes visible at its boundary. Messages never expire:
    /// a handover delayed by an outage must still be seen (and then judged on time or missed).
    /// </summary>
    public async Task EnqueueAsync(HandoverMessage message, TimeSpan delay, CancellationToken cancellationToken)
    {
        await Queue.SendMessageAsync(message.ToJson(), VisibilityDelay(delay, options.Value.QueueDelayScale), TimeSpan.FromSeconds(-1), cancellationToken);
    }

    /// <summary>
    /// A queue message's visibility delay for <paramref name="delay"/>: at most the 7 days a queue hides a message,
    /// times the host's <see cref="HandoverOptions.QueueDelayScale"/>, in whole seconds rounded down (the queue counts
    /// in seconds, and early is corrected by the receiver while late is not).
    /// </summary>
    public static TimeSpan VisibilityDelay(TimeSpan delay, double scale) =>
        TimeSpan.FromSeconds(Math.Floor(TimeSpan.FromTicks((long)(Math.Clamp(delay.Ticks, 0, HandoverOptions.MaxHorizon.Ticks) * scale)).TotalSeconds));

    public async Task SendToPoisonAsync(string rawMessage, CancellationToken cancellationToken) =>
        await PoisonQueue.SendMessageAsync(rawMessage, null, TimeSpan.FromSeconds(-1), cancellationToken);
}
