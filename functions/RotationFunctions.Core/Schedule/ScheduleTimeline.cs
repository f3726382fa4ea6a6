namespace RotationFunctions.Schedule;

/// <summary>
/// Orders slots, derives open ends from the next slot, finds overlaps (errors, handovers held)
/// and gaps (warnings: outro at the end, intro later), and lists the boundaries.
/// </summary>
internal static class ScheduleTimeline
{
    public static AccountSchedule Build(AccountSettings account, IEnumerable<Slot> parsed, ScheduleOptions options, List<ScheduleProblem> problems)
    {
        var slots = parsed.OrderBy(s => s.StartsAt).ThenBy(s => s.RowKey, StringComparer.Ordinal).ToList();
        var overlapping = new HashSet<int>();
        for (var i = 0; i + 1 < slots.Count; i++)
        {
            var (current, next) = (slots[i], slots[i + 1]);
            if (current.ExplicitEndsAt is { } end && end > next.StartsAt || current.StartsAt == next.StartsAt)
            {
                overlapping.Add(i);
                overlapping.Add(i + 1);
                var until = current.ExplicitEndsAt is { } e && e > next.StartsAt ? ScheduleParser.Format(e, account) : ScheduleParser.Format(current.StartsAt, account);
                Error(problems, account, current, ScheduleFields.Slot.EndsAt,
                    $"overlaps slot {next.RowKey}: this slot runs until {until} but {next.RowKey} starts {ScheduleParser.Format(next.StartsAt, account)}. Both handovers are held until one of them is changed.");
                Error(problems, account, next, ScheduleFields.Slot.StartsAt,
                    $"overlaps slot {current.RowKey}, which runs until {until}. Both handovers are held until one of them is changed.");
            }
            else if (current.ExplicitEndsAt is { } gapStart && gapStart < next.StartsAt)
            {
                Warning(problems, account, current, ScheduleFields.Slot.EndsAt,
                    $"ends {ScheduleParser.Format(gapStart, account)} but the next slot ({next.RowKey}) starts {ScheduleParser.Format(next.StartsAt, account)}: nobody curates for {Describe(next.StartsAt - gapStart)}. The outro is posted at the end, the next intro at the next start.");
            }
        }

        var resolved = new List<Slot>(slots.Count);
        for (var i = 0; i < slots.Count; i++)
        {
            var slot = slots[i];
            var end = slot.ExplicitEndsAt ?? (i + 1 < slots.Count ? slots[i + 1].StartsAt : (DateTimeOffset?)null);
            var tooLong = end is { } e && e - slot.StartsAt > TimeSpan.FromDays(options.MaxSlotDays);
            if (tooLong)
            {
                Error(problems, account, slot, slot.ExplicitEndsAt is null ? ScheduleFields.Slot.StartsAt : ScheduleFields.Slot.EndsAt,
                    $"the slot lasts {Describe(end!.Value - slot.StartsAt)}, longer than the {options.MaxSlotDays} days a slot may last; split it into several rows or set EndsAt.");
            }
            resolved.Add(slot with { EndsAt = end, Overlaps = overlapping.Contains(i), HasErrors = slot.HasErrors || tooLong });
        }

        return new AccountSchedule { Account = account, Slots = resolved, Boundaries = Boundaries(account.Id, resolved) };
    }

    private static List<Boundary> Boundaries(string accountId, List<Slot> slots)
    {
        var byInstant = new SortedDictionary<DateTimeOffset, (Slot? Outgoing, Slot? Incoming)>();
        for (var i = 0; i < slots.Count; i++)
        {
            var slot = slots[i];
            var previous = i > 0 ? slots[i - 1] : null;
            // The predecessor hands over here only if its end is this start; otherwise it had its own outro.
            var outgoing = previous is not null && previous.EndsAt == slot.StartsAt ? previous : null;
            byInstant[slot.StartsAt] = (outgoing, slot);
            if (slot.EndsAt is { } end && (i + 1 == slots.Count || slots[i + 1].StartsAt != end))
            {
                byInstant.TryAdd(end, (slot, null));
            }
        }
        return [.. byInstant.Select(kv => new Boundary(accountId, kv.Key, kv.Value.Outgoing, kv.Value.Incoming))];
    }

    private static string Describe(TimeSpan span) =>
        span.TotalDays >= 1 ? $"{span.TotalDays.ToString("0.#", CultureInfo.InvariantCulture)} days" : $"{span.TotalHours.ToString("0.#", CultureInfo.InvariantCulture)} hours";

    private static void Error(List<ScheduleProblem> problems, AccountSettings account, Slot slot, string field, string message) =>
        problems.Add(new ScheduleProblem(Severity.Error, ScheduleProblem.ScheduleTable, account.Id, slot.RowKey, field, message));

    private static void Warning(List<ScheduleProblem> problems, AccountSettings account, Slot slot, string field, string message) =>
        problems.Add(new ScheduleProblem(Severity.Warning, ScheduleProblem.ScheduleTable, account.Id, slot.RowKey, field, message));
}
