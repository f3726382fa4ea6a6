namespace RotationFunctions.Schedule;

/// <summary>
/// The one reader of the Accounts table: the planner, the processor, token rotation and the CLI all
/// see a row the same way (a missing Enabled is enabled, a wrong type is a problem, not a guess).
/// Token rotation merges its own columns in with its writer; everything else is the admin's.
/// </summary>
public sealed class AccountsTable(TableServiceClient tables, IOptions<StorageNames> names, IOptions<ScheduleOptions> options)
{
    private TableClient Table => tables.GetTableClient(names.Value.AccountsTable);

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken) =>
        await Table.CreateIfNotExistsAsync(cancellationToken);

    /// <summary>Every row of the table, parsed, in RowKey order.</summary>
    public async Task<AccountList> ListAsync(CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in Table.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }
        return Parse(rows, options.Value);
    }

    /// <summary>The account's row, parsed (see <see cref="AccountSettings.HasErrors"/>); null when there is none.</summary>
    public async Task<AccountSettings?> GetAsync(string accountId, CancellationToken cancellationToken) =>
        await GetRowAsync(accountId, cancellationToken) is { } row ? ScheduleParser.ParseAccount(row, options.Value, []) : null;

    /// <summary>The row as stored, for an admin's edit of some of its fields (see <see cref="MergeAsync"/>).</summary>
    public Task<TableEntity?> GetRowAsync(string accountId, CancellationToken cancellationToken) =>
        Table.GetOrNullAsync<TableEntity>(StorageNames.AccountPartition, accountId, cancellationToken);

    /// <summary>Adds a new account's row; false when the id is taken.</summary>
    public Task<bool> AddAsync(TableEntity row, CancellationToken cancellationToken) =>
        Table.TryAddAsync(row, cancellationToken);

    /// <summary>
    /// Merges the given fields into the row read at <paramref name="row"/>'s ETag: fields it does not name (the
    /// token state rotation writes) stay, and a row changed meanwhile fails with 412 rather than being overwritten.
    /// </summary>
    public async Task MergeAsync(TableEntity row, CancellationToken cancellationToken) =>
        await Table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Merge, cancellationToken);

    /// <summary>
    /// Records that a handover step found X's credits used up (XCreditsExhaustedAt), from which the planner makes the
    /// admins' notice: at most once a day, however many steps keep finding them used up. Only that column is merged.
    /// </summary>
    public async Task MarkXCreditsExhaustedAsync(AccountSettings account, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (account.XCreditsExhaustedAt is { } at && now - at < TimeSpan.FromDays(1))
        {
            return;
        }
        await Table.UpdateEntityAsync(new TableEntity(StorageNames.AccountPartition, account.Id)
        {
            [ScheduleFields.Account.XCreditsExhaustedAt] = now,
        }, ETag.All, TableUpdateMode.Merge, cancellationToken);
    }

    /// <summary>Records a retention run (RetentionRunAt): the planner's tick reads it with the account list, so it knows without a query that today's is done. Only that column is merged.</summary>
    public async Task MarkRetentionRunAsync(string accountId, DateTimeOffset now, CancellationToken cancellationToken) =>
        await Table.UpdateEntityAsync(new TableEntity(StorageNames.AccountPartition, accountId)
        {
            [ScheduleFields.Account.RetentionRunAt] = now,
        }, ETag.All, TableUpdateMode.Merge, cancellationToken);

    /// <summary>Writes whole rows as an admin's import or a seed does (one transaction per 100).</summary>
    public Task<int> ImportAsync(IEnumerable<TableEntity> rows, CancellationToken cancellationToken) =>
        TableBatches.UpsertAsync(Table, rows, cancellationToken);

    internal static AccountList Parse(IEnumerable<TableEntity> rows, ScheduleOptions options)
    {
        var problems = new List<ScheduleProblem>();
        var accounts = new List<AccountSettings>();
        foreach (var row in rows.OrderBy(r => r.RowKey, StringComparer.Ordinal))
        {
            if (ScheduleParser.ParseAccount(row, options, problems) is { } account)
            {
                accounts.Add(account);
            }
        }
        return new AccountList(accounts, problems);
    }
}
