namespace RotationFunctions.Portal;

/// <summary>The PortalLinks table: the only state a link has. Writes are ETag-guarded, so two admins re-issuing at once both see the result.</summary>
public sealed class PortalLinksTable(TableServiceClient tables, IOptions<StorageNames> names)
{
    private TableClient Table => tables.GetTableClient(names.Value.PortalLinksTable);

    public async Task<PortalLinkState> GetAsync(string accountId, string slotRowKey, CancellationToken cancellationToken)
    {
        return await Table.GetOrNullAsync<PortalLinkState>(accountId, slotRowKey, cancellationToken)
            ?? new PortalLinkState { PartitionKey = accountId, RowKey = slotRowKey };
    }

    /// <summary>Changes the row with <paramref name="change"/>, retrying when someone else wrote in between.</summary>
    public async Task<PortalLinkState> UpdateAsync(string accountId, string slotRowKey, Action<PortalLinkState> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var row = await GetAsync(accountId, slotRowKey, cancellationToken);
            change(row);
            try
            {
                if (row.ETag == default)
                {
                    await Table.AddEntityAsync(row, cancellationToken);
                }
                else
                {
                    await Table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
                }
                return row;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < 5)
            {
            }
        }
    }
}
