namespace RotationFunctions.Storage;

/// <summary>Writes rows the way an admin's tools do: many with entity-group transactions (imports, seeds).</summary>
public static class TableBatches
{
    /// <summary>A transaction takes at most 100 operations, all in one partition.</summary>
    public const int Limit = 100;

    /// <summary>Upserts (replaces) <paramref name="rows"/>, one transaction per partition and 100 rows; returns how many were written.</summary>
    public static async Task<int> UpsertAsync(TableClient table, IEnumerable<TableEntity> rows, CancellationToken cancellationToken)
    {
        var written = 0;
        foreach (var partition in rows.GroupBy(r => r.PartitionKey, StringComparer.Ordinal))
        {
            foreach (var chunk in partition.Chunk(Limit))
            {
                var actions = chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e));
                await table.SubmitTransactionAsync(actions, cancellationToken);
                written += chunk.Length;
            }
        }
        return written;
    }
}
