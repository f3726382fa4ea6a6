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

    /// <summary>Adds one row; false when its keys are taken (an admin's add never overwrites).</summary>
    public static async Task<bool> TryAddAsync(TableClient table, TableEntity row, CancellationToken cancellationToken)
    {
        try
        {
            await table.AddEntityAsync(row, cancellationToken);
            return true;
        }
        catch (Azure.RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }
}
