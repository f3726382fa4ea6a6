using Azure.Data.Tables;

namespace RotationFunctions.Storage;

/// <summary>Writes rows the way an admin's tools do: many with entity-group transactions (imports, seeds), or one that must be new.</summary>
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

    /// <summary>
    /// Adds one row; false when its keys are taken (an admin's add never overwrites; another tick or instance
    /// planned it first). The new ETag is kept on the row, for a guarded write after.
    /// </summary>
    public static async Task<bool> TryAddAsync<T>(TableClient table, T row, CancellationToken cancellationToken) where T : ITableEntity
    {
        try
        {
            var response = await table.AddEntityAsync(row, cancellationToken);
            row.ETag = response.Headers.ETag ?? default;
            return true;
        }
        catch (Azure.RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    /// <summary>Replaces the row if nobody wrote it since it was read (its ETag); false otherwise. The new ETag is kept on the row.</summary>
    public static async Task<bool> TryReplaceAsync<T>(TableClient table, T row, CancellationToken cancellationToken) where T : ITableEntity
    {
        try
        {
            var response = await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
            row.ETag = response.Headers.ETag ?? row.ETag;
            return true;
        }
        catch (Azure.RequestFailedException e) when (e.Status == 412)
        {
            return false;
        }
    }
}
