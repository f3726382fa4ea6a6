using Azure;
using Azure.Data.Tables;
using RotationFunctions.Storage;

namespace RotationFunctions.Schedule;

/// <summary>Reads and writes the Accounts and Schedule tables.</summary>
public sealed class ScheduleStore(TableServiceClient tables, ScheduleValidator validator, Microsoft.Extensions.Options.IOptions<StorageNames> names)
{
    /// <summary>Transactions take at most 100 operations, all in one partition.</summary>
    private const int BatchLimit = 100;

    public TableClient Accounts => tables.GetTableClient(names.Value.AccountsTable);
    public TableClient Schedule => tables.GetTableClient(names.Value.ScheduleTable);

    public async Task EnsureTablesAsync(CancellationToken cancellationToken)
    {
        await Accounts.CreateIfNotExistsAsync(cancellationToken);
        await Schedule.CreateIfNotExistsAsync(cancellationToken);
    }

    public async Task<List<TableEntity>> ReadAccountRowsAsync(CancellationToken cancellationToken) =>
        await ToListAsync(Accounts.QueryAsync<TableEntity>(cancellationToken: cancellationToken), cancellationToken);

    public async Task<List<TableEntity>> ReadScheduleRowsAsync(string? accountId, CancellationToken cancellationToken) =>
        await ToListAsync(
            accountId is null
                ? Schedule.QueryAsync<TableEntity>(cancellationToken: cancellationToken)
                : Schedule.QueryAsync<TableEntity>(e => e.PartitionKey == accountId, cancellationToken: cancellationToken),
            cancellationToken);

    /// <summary>
    /// The rows whose RowKey date lies in [from, to]: one key-range query, so the cost of a
    /// planner tick does not grow with the years of history in the partition.
    /// </summary>
    public async Task<List<TableEntity>> ReadScheduleRowsAsync(string accountId, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var low = ScheduleFields.RowKeyOf(from);
        var high = ScheduleFields.RowKeyOf(to.AddDays(1));
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {accountId} and RowKey ge {low} and RowKey lt {high}");
        return await ToListAsync(Schedule.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken), cancellationToken);
    }

    /// <summary>Reads both tables (or one account) and validates them.</summary>
    public async Task<ScheduleReport> ReadAsync(string? accountId, CancellationToken cancellationToken)
    {
        var accounts = await ReadAccountRowsAsync(cancellationToken);
        if (accountId is not null)
        {
            accounts = accounts.FindAll(a => a.RowKey == accountId);
        }
        var rows = await ReadScheduleRowsAsync(accountId, cancellationToken);
        return validator.Validate(accounts, rows);
    }

    public ScheduleReport Validate(IEnumerable<TableEntity> accountRows, IEnumerable<TableEntity> scheduleRows) =>
        validator.Validate(accountRows, scheduleRows);

    /// <summary>Upserts rows with one transaction per account and 100 rows.</summary>
    public async Task<int> UpsertAsync(TableClient table, IEnumerable<TableEntity> rows, CancellationToken cancellationToken)
    {
        var written = 0;
        foreach (var partition in rows.GroupBy(r => r.PartitionKey, StringComparer.Ordinal))
        {
            foreach (var chunk in partition.Chunk(BatchLimit))
            {
                var actions = chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e));
                await table.SubmitTransactionAsync(actions, cancellationToken);
                written += chunk.Length;
            }
        }
        return written;
    }

    private static async Task<List<TableEntity>> ToListAsync(AsyncPageable<TableEntity> pages, CancellationToken cancellationToken)
    {
        var list = new List<TableEntity>();
        await foreach (var entity in pages.WithCancellation(cancellationToken))
        {
            list.Add(entity);
        }
        return list;
    }
}
