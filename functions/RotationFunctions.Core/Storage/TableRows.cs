namespace RotationFunctions.Storage;

/// <summary>
/// One row at a time, ETag-guarded: the reads and writes our typed tables make. A write keeps the row's new
/// ETag on it, so the next write of the same row is guarded by what this one wrote.
/// </summary>
public static class TableRows
{
    /// <summary>The row, or null when there is none.</summary>
    public static async Task<T?> GetOrNullAsync<T>(this TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken)
        where T : class, ITableEntity, new()
    {
        var row = await table.GetEntityIfExistsAsync<T>(partitionKey, rowKey, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value : null;
    }

    /// <summary>Adds the row; false when its keys are taken (409): another tick, instance or request added it, or an admin's add would overwrite.</summary>
    public static async Task<bool> TryAddAsync<T>(this TableClient table, T row, CancellationToken cancellationToken)
        where T : ITableEntity
    {
        try
        {
            var response = await table.AddEntityAsync(row, cancellationToken);
            row.ETag = response.Headers.ETag ?? row.ETag;
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    /// <summary>Replaces the row if nobody changed it since it was read; a 412 <see cref="RequestFailedException"/> otherwise.</summary>
    public static async Task ReplaceAsync<T>(this TableClient table, T row, CancellationToken cancellationToken)
        where T : ITableEntity
    {
        var response = await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
        row.ETag = response.Headers.ETag ?? row.ETag;
    }

    /// <summary>Replaces the row if nobody changed it since it was read; false otherwise (412).</summary>
    public static async Task<bool> TryReplaceAsync<T>(this TableClient table, T row, CancellationToken cancellationToken)
        where T : ITableEntity
    {
        try
        {
            await table.ReplaceAsync(row, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return false;
        }
    }
}
