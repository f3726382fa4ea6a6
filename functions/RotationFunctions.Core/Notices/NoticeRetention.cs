using RotationFunctions.Portal;
using RotationFunctions.Schedule;

namespace RotationFunctions.Notices;

/// <summary>
/// Removes curators' personal data once its time is up, per account, at most once a day from the planner's tick
/// (the account row's RetentionRunAt, read with the account list, says whether today's run is done, so a tick
/// costs no query for it): the curator's e-mail address from the Notices rows CuratorEmailRetentionDays (90) after
/// the slot ends, and the slot's Posts rows (the audit) PostAuditRetentionDays after it, only when the account sets
/// that: a public authority's posts may be public records that archiving rules require keeping. The Schedule row is
/// the admin's and is left alone.
/// </summary>
public sealed class NoticeRetention(
    NoticeStore notices,
    PostsTable posts,
    AccountsTable accounts,
    ScheduleTable schedule,
    IOptions<NoticeOptions> options,
    ILogger<NoticeRetention> logger)
{
    private const string Removed = "[removed]";

    public static readonly TimeSpan Interval = TimeSpan.FromDays(1);

    public bool IsDue(AccountSettings account, DateTimeOffset now) =>
        (options.Value.Enabled || account.PostAuditRetentionDays is not null)
        && (account.RetentionRunAt is not { } last || now - last >= Interval);

    public async Task RunAsync(AccountSettings account, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ends = new Dictionary<string, DateTimeOffset?>(StringComparer.Ordinal);
        var emails = options.Value.Enabled ? await RemoveEmailsAsync(account, now, ends, cancellationToken) : 0;
        var audit = account.PostAuditRetentionDays is { } days ? await DeleteAuditAsync(account, days, now, ends, cancellationToken) : 0;
        await accounts.MarkRetentionRunAsync(account.Id, now, cancellationToken);
        logger.RetentionRun(account.Id, emails, audit);
    }

    private async Task<int> RemoveEmailsAsync(AccountSettings account, DateTimeOffset now, Dictionary<string, DateTimeOffset?> ends, CancellationToken cancellationToken)
    {
        var days = account.CuratorEmailRetentionDays;
        // Only rows of slots that began before the cutoff can have ended that long ago; only curator notices that still name someone.
        var cutoff = ScheduleFields.RowKeyOf(LocalTimes.LocalDate(now, account.TimeZone).AddDays(-days));
        var kinds = string.Join(" or ", new[] { NoticeKind.Invitation, NoticeKind.Reminder, NoticeKind.Welcome, NoticeKind.Thanks }.Select(k => $"Kind eq '{k}'"));
        var filter = $"{TableClient.CreateQueryFilter($"PartitionKey eq {account.Id} and RowKey lt {cutoff}")} and Recipients gt '' and ({kinds})";
        var removed = 0;
        await foreach (var row in notices.Table.QueryAsync<NoticeRecord>(filter, cancellationToken: cancellationToken))
        {
            if (row.SlotRowKey is not { } slot || await SlotEndAsync(account, slot, ends, cancellationToken) is not { } end || end + TimeSpan.FromDays(days) > now)
            {
                continue;
            }
            foreach (var address in row.Recipients!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                // A refused recipient's failure quotes the address.
                row.Error = row.Error?.Replace(address, Removed, StringComparison.OrdinalIgnoreCase);
            }
            row.Recipients = null;
            row.PersonalDataRemovedAt = now;
            // A lost race is a writer that just changed the row: the next day's run removes it.
            if (await notices.TryUpdateAsync(row, cancellationToken))
            {
                removed++;
            }
        }
        return removed;
    }

    private async Task<int> DeleteAuditAsync(AccountSettings account, int days, DateTimeOffset now, Dictionary<string, DateTimeOffset?> ends, CancellationToken cancellationToken)
    {
        var cutoff = ScheduleFields.RowKeyOf(LocalTimes.LocalDate(now, account.TimeZone).AddDays(-days));
        var deleted = 0;
        await foreach (var row in posts.ListBeforeSlotAsync(account.Id, cutoff, cancellationToken))
        {
            if (await SlotEndAsync(account, row.Slot, ends, cancellationToken) is { } end && end + TimeSpan.FromDays(days) <= now)
            {
                await posts.DeleteAsync(row, cancellationToken);
                deleted++;
            }
        }
        return deleted;
    }

    /// <summary>When the slot ended, as the schedule says now; for a row the admin removed, the latest it can have (its date plus the longest slot); null for a key that is no date.</summary>
    private async Task<DateTimeOffset?> SlotEndAsync(AccountSettings account, string slotRowKey, Dictionary<string, DateTimeOffset?> ends, CancellationToken cancellationToken)
    {
        if (ends.TryGetValue(slotRowKey, out var known))
        {
            return known;
        }
        var (slot, _) = await schedule.ReadSlotAsync(account, slotRowKey, cancellationToken);
        var end = slot?.EndsAt
            ?? (ScheduleFields.TryParseRowKeyDate(slotRowKey, out var date)
                ? LocalTimes.Resolve(date.AddDays(schedule.Options.MaxSlotDays + 1).ToDateTime(TimeOnly.MinValue), account.TimeZone).Instant
                : null);
        return ends[slotRowKey] = end;
    }
}
