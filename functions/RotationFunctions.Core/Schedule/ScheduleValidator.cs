using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using RotationFunctions.Text;

namespace RotationFunctions.Schedule;

/// <summary>
/// Checks the Accounts and Schedule rows and builds each account's timeline. A bad row is
/// reported and skipped or flagged; it never hides the good rows or other accounts.
/// </summary>
public sealed class ScheduleValidator(IOptions<ScheduleOptions> options, TimeProvider time)
{
    /// <summary>How far ahead an unapproved curator is an error rather than a reminder (the planner's horizon).</summary>
    public static readonly TimeSpan ApprovalDeadline = TimeSpan.FromDays(7);

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
            Problems = [.. problems.OrderBy(p => p.AccountId, StringComparer.Ordinal).ThenBy(p => p.Table, StringComparer.Ordinal).ThenBy(p => p.RowKey, StringComparer.Ordinal)],
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
        CheckTweets(schedule, own);
        problems.AddRange(own);
        return new AccountSchedule { Account = account, Slots = schedule.Slots, Boundaries = schedule.Boundaries, Problems = own };
    }

    private void CheckTweets(AccountSchedule schedule, List<ScheduleProblem> problems)
    {
        var now = time.GetUtcNow();
        var account = schedule.Account;
        foreach (var boundary in schedule.Boundaries)
        {
            if (boundary.Outgoing is { HasErrors: false } outgoing)
            {
                CheckTweet(account, outgoing, TweetComposer.Outro(account, outgoing, boundary.Incoming), boundary.Incoming, problems);
            }
            if (boundary.Incoming is { HasErrors: false } incoming)
            {
                CheckTweet(account, incoming, TweetComposer.Intro(account, incoming, boundary.Outgoing), boundary.Outgoing, problems);
            }
        }
        // A row whose Approved cannot be read already has its error; no reminder on top.
        var unreadableApproval = problems.Where(p => p.AccountId == account.Id && p.Field == ScheduleFields.Slot.Approved).Select(p => p.RowKey).ToHashSet();
        foreach (var slot in schedule.Slots.Where(s => !s.Approved && !(s.EndsAt <= now) && !unreadableApproval.Contains(s.RowKey)))
        {
            var late = slot.StartsAt - now <= ApprovalDeadline;
            problems.Add(new ScheduleProblem(late ? Severity.Error : Severity.Warning, ScheduleProblem.ScheduleTable, account.Id, slot.RowKey, ScheduleFields.Slot.Approved,
                late
                    ? $"{slot.CuratorName} has not accepted the curator guidelines (Approved is not true) and starts {ScheduleParser.Format(slot.StartsAt, account)}: the intro will not be posted until Approved is true."
                    : $"{slot.CuratorName} has not accepted the curator guidelines yet (Approved is not true); set it before {ScheduleParser.Format(slot.StartsAt, account)} or the intro is not posted."));
        }
    }

    private static void CheckTweet(AccountSettings account, Slot slot, ComposedTweet tweet, Slot? other, List<ScheduleProblem> problems)
    {
        var field = tweet.Kind == TweetKind.Intro ? ScheduleFields.Slot.IntroText : ScheduleFields.Slot.OutroText;
        var what = tweet.Kind == TweetKind.Intro ? "intro" : "outro";
        void Error(string message) =>
            problems.Add(new ScheduleProblem(Severity.Error, ScheduleProblem.ScheduleTable, account.Id, slot.RowKey, field, $"the {what} ({tweet.TemplateSource}) {message}"));

        if (tweet.MissingPlaceholders.Count > 0)
        {
            Error($"uses {string.Join(", ", tweet.MissingPlaceholders.Select(p => "{" + p + "}"))} but there is no value for it here; fill the column or change the template.");
        }
        if (string.IsNullOrWhiteSpace(tweet.Text))
        {
            Error("would be empty.");
            return;
        }
        var length = TweetLength.Measure(tweet.Text);
        if (length.WeightedLength > 280)
        {
            Error($"would be {length.WeightedLength} weighted characters; X allows 280. Shorten the text, the role or the template.");
        }
        else if (!length.IsValid)
        {
            Error("contains characters X does not accept.");
        }

        var allowed = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { slot.CuratorHandle };
        if (other is not null)
        {
            allowed.Add(other.CuratorHandle);
        }
        if (account.XHandle is not null)
        {
            allowed.Add(account.XHandle);
        }
        var strangers = TweetEntities.Mentions(tweet.Text).Where(m => !allowed.Contains(m)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (strangers.Count > 0)
        {
            Error($"would @-mention {string.Join(", ", strangers.Select(s => "@" + s))}, who is not a curator of this handover; remove the @ or write the name without it.");
        }
    }
}
