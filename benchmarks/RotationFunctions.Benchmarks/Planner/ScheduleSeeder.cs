using System.Globalization;
using Azure.Data.Tables;
using RotationFunctions.Schedule;
using RotationFunctions.Storage;

namespace RotationFunctions.Benchmarks.Planner;

/// <summary>
/// Writes accounts and a year of weekly slots each with entity-group transactions (100 rows, one
/// partition per batch: the Accounts table in batches of 100 accounts, each account's 52 slots in
/// one batch), many batches in flight at once.
/// </summary>
internal static class ScheduleSeeder
{
    public const int WeeksPerAccount = 52;
    public const string TimeZone = "Europe/Stockholm";

    /// <summary>The Monday of the first slot: 26 weeks before the benchmark's "now", 26 after.</summary>
    public static DateOnly FirstMonday(DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        return monday.AddDays(-7 * (WeeksPerAccount / 2));
    }

    public static string AccountId(int i) => "acct" + i.ToString("D5", CultureInfo.InvariantCulture);

    public static TableEntity Account(int i) => new(StorageNames.AccountPartition, AccountId(i))
    {
        ["XHandle"] = "acct" + i.ToString(CultureInfo.InvariantCulture),
        ["XUserId"] = (1_600_000_000_000_000_000L + i).ToString(CultureInfo.InvariantCulture),
        ["TimeZone"] = TimeZone,
        ["HandoverTime"] = "08:00",
        ["Language"] = "sv",
        ["Enabled"] = true,
    };

    public static TableEntity Slot(string accountId, DateOnly date, int week) => new(accountId, ScheduleFields.RowKeyOf(date))
    {
        ["CuratorName"] = $"Kurator {week}",
        ["CuratorHandle"] = $"kur_{week}",
        ["Role"] = "sjuksköterska",
        ["Approved"] = true,
        // Notices are planned for slots with an address (the planner-history benchmark plans them).
        ["CuratorEmail"] = $"kurator{week}@example.se",
    };

    /// <summary>
    /// Adds <paramref name="extraWeeks"/> weekly slots of history to accounts [from, to), in the weeks before
    /// <see cref="FirstMonday"/> (up to 100 rows per batch: one partition each). Returns the rows written.
    /// </summary>
    public static async Task<int> SeedHistoryAsync(TableClient schedule, int from, int to, DateTimeOffset now, int extraWeeks, int parallelism, CancellationToken cancellationToken)
    {
        var first = FirstMonday(now);
        var batches = new List<TableEntity[]>();
        for (var i = from; i < to; i++)
        {
            var id = AccountId(i);
            batches.AddRange(Enumerable.Range(1, extraWeeks).Select(w => Slot(id, first.AddDays(-7 * w), 1000 + w)).Chunk(100));
        }
        var rows = 0;
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (batch, ct) =>
        {
            await schedule.SubmitTransactionAsync(batch.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)), ct);
            Interlocked.Add(ref rows, batch.Length);
        });
        return rows;
    }

    /// <summary>Seeds accounts [from, to) with <paramref name="weeks"/> weekly slots each; returns the number of rows written.</summary>
    public static async Task<int> SeedAsync(TableClient accounts, TableClient schedule, int from, int to, DateTimeOffset now, int weeks, int parallelism, CancellationToken cancellationToken)
    {
        var first = FirstMonday(now);
        var batches = new List<(TableClient Table, TableEntity[] Rows)>();
        foreach (var chunk in Enumerable.Range(from, to - from).Chunk(100))
        {
            batches.Add((accounts, [.. chunk.Select(Account)]));
        }
        for (var i = from; i < to && weeks > 0; i++)
        {
            var id = AccountId(i);
            batches.Add((schedule, [.. Enumerable.Range(0, weeks).Select(w => Slot(id, first.AddDays(7 * w), w))]));
        }
        var rows = 0;
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (batch, ct) =>
        {
            await batch.Table.SubmitTransactionAsync(batch.Rows.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)), ct);
            Interlocked.Add(ref rows, batch.Rows.Length);
        });
        return rows;
    }
}
