namespace RotationFunctions.Schedule;

/// <summary>
/// The one reader of the Schedule table. Each read is one key-range query whose rows come back
/// parsed, checked and ordered into the account's timeline, so no caller sees a raw row except
/// export and import, which move rows as they are.
/// </summary>
public sealed class ScheduleTable(TableServiceClient tables, IOptions<StorageNames> names, ScheduleValidator validator)
{
    /// <summary>The schedule's settings (slot length, acceptance wait) the rows are read with.</summary>
    public ScheduleOptions Options => validator.Options;

    private TableClient Table => tables.GetTableClient(names.Value.ScheduleTable);

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken) =>
        await Table.CreateIfNotExistsAsync(cancellationToken);

    /// <summary>
    /// The timeline with every boundary in [<paramref name="from"/>, <paramref name="to"/>]: the rows
    /// whose RowKey date lies from MaxSlotDays before <paramref name="from"/> (a slot that started
    /// then may end in the window) to <paramref name="to"/>. The cost of a planner tick does not grow
    /// with the years of history in the partition.
    /// </summary>
    public Task<AccountSchedule> ReadWindowAsync(AccountSettings account, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        ReadRangeAsync(
            account,
            LocalTimes.LocalDate(from, account.TimeZone).AddDays(-validator.Options.MaxSlotDays),
            LocalTimes.LocalDate(to, account.TimeZone),
            cancellationToken);

    /// <summary>
    /// The timeline around one boundary, complete for it: MaxSlotDays either side, so the outgoing
    /// slot's start and the incoming slot's end (the next slot's start) are both read.
    /// </summary>
    public Task<AccountSchedule> ReadAroundAsync(AccountSettings account, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var date = LocalTimes.LocalDate(at, account.TimeZone);
        return ReadRangeAsync(account, date.AddDays(-validator.Options.MaxSlotDays), date.AddDays(validator.Options.MaxSlotDays), cancellationToken);
    }

    /// <summary>
    /// One slot as the timeline around it makes it (its end from the next slot), with that timeline (its problems);
    /// a null slot when the schedule has no such row.
    /// </summary>
    public async Task<(Slot? Slot, AccountSchedule? Timeline)> ReadSlotAsync(AccountSettings account, string slotRowKey, CancellationToken cancellationToken)
    {
        if (!ScheduleFields.TryParseRowKeyDate(slotRowKey, out var date))
        {
            return (null, null);
        }
        var around = LocalTimes.Resolve(date.ToDateTime(new TimeOnly(12, 0)), account.TimeZone).Instant;
        var timeline = await ReadAroundAsync(account, around, cancellationToken);
        return (timeline.Slots.FirstOrDefault(s => s.RowKey == slotRowKey), timeline);
    }

    /// <summary>Every slot of <paramref name="accounts"/> (or of one account), checked: what `rotation schedule validate` reports.</summary>
    public async Task<ScheduleReport> ReadAllAsync(AccountList accounts, string? accountId, CancellationToken cancellationToken)
    {
        var rows = await ExportAsync(accountId, cancellationToken);
        return validator.Validate(accountId is null ? accounts : accounts.Only(accountId), rows);
    }

    /// <summary>The rows as they are (all, or one account's), for export and for checking an import against them.</summary>
    public async Task<IReadOnlyList<TableEntity>> ExportAsync(string? accountId, CancellationToken cancellationToken) =>
        await ToListAsync(
            accountId is null
                ? Table.QueryAsync<TableEntity>(cancellationToken: cancellationToken)
                : Table.QueryAsync<TableEntity>(e => e.PartitionKey == accountId, cancellationToken: cancellationToken),
            cancellationToken);

    /// <summary>Adds one slot's row; false when its RowKey is taken.</summary>
    public Task<bool> AddAsync(TableEntity row, CancellationToken cancellationToken) =>
        Table.TryAddAsync(row, cancellationToken);

    /// <summary>
    /// Writes whole rows (one transaction per account and 100 rows): new ones added, read ones replaced only
    /// while unchanged since the read (<see cref="TableBatches.WriteAsReadAsync"/>), so a curator's acceptance
    /// that lands meanwhile fails the write instead of being lost. Returns how many.
    /// </summary>
    public Task<int> ImportAsync(IEnumerable<TableEntity> rows, CancellationToken cancellationToken) =>
        TableBatches.WriteAsReadAsync(Table, rows, cancellationToken);

    private async Task<AccountSchedule> ReadRangeAsync(AccountSettings account, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var low = ScheduleFields.RowKeyOf(from);
        var high = ScheduleFields.RowKeyOf(to.AddDays(1));
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {account.Id} and RowKey ge {low} and RowKey lt {high}");
        var rows = await ToListAsync(Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken), cancellationToken);
        return validator.BuildSchedule(account, rows, []);
    }

    private static async Task<List<TableEntity>> ToListAsync(Azure.AsyncPageable<TableEntity> pages, CancellationToken cancellationToken)
    {
        var list = new List<TableEntity>();
        await foreach (var entity in pages.WithCancellation(cancellationToken))
        {
            list.Add(entity);
        }
        return list;
    }
}
