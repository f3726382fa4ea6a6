namespace RotationFunctions.Storage;

/// <summary>Writes rows the way an admin's tools do: many with entity-group transactions (imports, seeds).</summary>
public static class TableBatches
{
    /// <summary>A transaction takes at most 100 operations, all in one partition.</summary>
    public const int Limit = 100;

    /// <summary>Upserts (replaces) <paramref name="rows"/>, one transaction per partition and 100 rows; returns how many were written.</summary>
    public static Task<int> UpsertAsync(TableClient table, IEnumerable<TableEntity> rows, CancellationToken cancellationToken) =>
        SubmitAsync(table, rows, e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e), cancellationToken);

    /// <summary>
    /// Adds the rows that have no ETag and replaces the others only while they are as read (their ETag), so
    /// nothing another writer changed since the read is overwritten: such a transaction fails whole with 412
    /// (changed) or 409 (added meanwhile), and the caller reads again. Returns how many were written.
    /// </summary>
    public static Task<int> WriteAsReadAsync(TableClient table, IEnumerable<TableEntity> rows, CancellationToken cancellationToken) =>
        SubmitAsync(table, rows, e => e.ETag == default
            ? new TableTransactionAction(TableTransactionActionType.Add, e)
            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, e, e.ETag), cancellationToken);

    private static async Task<int> SubmitAsync(TableClient table, IEnumerable<TableEntity> rows, Func<TableEntity, TableTransactionAction> action, CancellationToken cancellationToken)
    {
        var written = 0;
        foreach (var partition in rows.GroupBy(r => r.PartitionKey, StringComparer.Ordinal))
        {
            foreach (var chunk in partition.Chunk(Limit))
            {
                await table.SubmitTransactionAsync(chunk.Select(action), cancellationToken);
                written += chunk.Length;
            }
        }
        return written;
    }
}
