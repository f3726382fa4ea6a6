namespace RotationFunctions.Schedule;

/// <summary>
/// Checks the Accounts and Schedule rows and builds each account's timeline. A bad row is
/// reported and skipped or flagged; it never hides the good rows or other accounts.
/// </summary>
public sealed class ScheduleValidator(IOptions<ScheduleOptions> options, TimeProvider time)
{
    public static ScheduleValidator Create(ScheduleOptions? options = null, TimeProvider? time = null) =>
        new(Microsoft.Extensions.Options.Options.Create(options ?? new ScheduleOptions()), time ?? TimeProvider.System);

    public ScheduleOptions Options => options.Value;

    public ScheduleReport Validate(IEnumerable<TableEntity> accountRows, IEnumerable<TableEntity> scheduleRows) =>
        Validate(AccountsTable.Parse(accountRows, options.Value), scheduleRows);

    /// <summary>The schedule rows checked against accounts already read (<see cref="AccountsTable.ListAsync"/>).</summary>
    public ScheduleReport Validate(AccountList accounts, IEnumerable<TableEntity> scheduleRows)
    {
        var problems = new List<ScheduleProblem>(accounts.Problems);
        var usable = accounts.Accounts.Where(a => !a.HasErrors).ToDictionary(a => a.Id, StringComparer.Ordinal);
        var knownIds = accounts.Accounts.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);

        var schedules = new List<AccountSchedule>();
        foreach (var group in scheduleRows.GroupBy(r => r.PartitionKey, StringComparer.Ordinal))
        {
            if (!usable.TryGetValue(group.Key, out var account))
            {
                var reason = knownIds.Contains(group.Key)
                    ? $"the account '{group.Key}' has errors in the Accounts table; its slots are checked once it is fixed."
                    : $"there is no account '{group.Key}' in the Accounts table (PartitionKey must be an account's RowKey; known: {string.Join(", ", knownIds.Order())}).";
                foreach (var row in group)
                {
                    problems.Add(new ScheduleProblem(Severity.Error, ScheduleProblem.ScheduleTable, group.Key, row.RowKey, "PartitionKey", reason));
                }
                continue;
            }
            schedules.Add(BuildSchedule(account, group, problems));
        }
        foreach (var account in usable.Values.Where(a => schedules.TrueForAll(s => s.Account.Id != a.Id)))
        {
            schedules.Add(BuildSchedule(account, [], problems));
        }

        return new ScheduleReport
        {
            Problems = ScheduleReport.InReadingOrder(problems),
            Accounts = [.. schedules.OrderBy(s => s.Account.Id, StringComparer.Ordinal)],
        };
    }

    /// <summary>One account row parsed; null when it has errors (they are in <paramref name="problems"/>).</summary>
    public AccountSettings? ParseAccount(TableEntity row, List<ScheduleProblem> problems) =>
        ScheduleParser.ParseAccount(row, options.Value, problems) is { HasErrors: false } account ? account : null;

    /// <summary>One account's slots (all of them, or a bounded key range) checked and ordered; its problems are also added to <paramref name="problems"/>.</summary>
    public AccountSchedule BuildSchedule(AccountSettings account, IEnumerable<TableEntity> rows, List<ScheduleProblem> problems)
    {
        var own = new List<ScheduleProblem>();
        var slots = new List<Slot>();
        foreach (var row in rows)
        {
            if (ScheduleParser.ParseSlot(row, account, own) is { } slot)
            {
                slots.Add(slot);
            }
        }
        var schedule = ScheduleTimeline.Build(account, slots, options.Value, own);
        CheckApprovals(schedule, own);
        problems.AddRange(own);
        return new AccountSchedule { Account = account, Slots = schedule.Slots, Boundaries = schedule.Boundaries, Problems = own };
    }

    /// <summary>
    /// A curator who has not accepted the guidelines (nor been approved by an admin): a warning from
    /// <see cref="ScheduleOptions.AcceptanceWarning"/> before the start until the intro stops waiting, never an error:
    /// the invitation and the reminder do the asking, and an acceptance may still come at the boundary.
    /// </summary>
    private void CheckApprovals(AccountSchedule schedule, List<ScheduleProblem> problems)
    {
        var now = time.GetUtcNow();
        var account = schedule.Account;
        var o = options.Value;
        // A row whose Approved cannot be read already has its error; no warning on top.
        var unreadableApproval = problems.Where(p => p.AccountId == account.Id && p.Field == ScheduleFields.Slot.Approved).Select(p => p.RowKey).ToHashSet();
        foreach (var slot in schedule.Slots.Where(s => !CuratorGuidelines.IsApproved(account, s) && !unreadableApproval.Contains(s.RowKey)))
        {
            var deadline = CuratorGuidelines.AcceptanceDeadline(slot, o);
            if (slot.StartsAt - now > o.AcceptanceWarning || now >= deadline || slot.EndsAt <= now)
            {
                continue;
            }
            problems.Add(new ScheduleProblem(Severity.Warning, ScheduleProblem.ScheduleTable, account.Id, slot.RowKey, ScheduleFields.Slot.Approved,
                $"{slot.CuratorName} {CuratorGuidelines.Missing(slot)} and starts {ScheduleParser.Format(slot.StartsAt, account)}: the intro waits for it until {ScheduleParser.Format(deadline, account)}, then it is skipped (an admin can set Approved = true instead)."));
        }
    }
}
