namespace RotationFunctions.Schedule;

/// <summary>The outcome of reading and checking the schedule: every problem, and what can still run.</summary>
public sealed class ScheduleReport
{
    public required IReadOnlyList<ScheduleProblem> Problems { get; init; }
    /// <summary>Accounts that parsed, with their slots and boundaries (bad rows excluded or flagged).</summary>
    public required IReadOnlyList<AccountSchedule> Accounts { get; init; }

    public bool HasErrors => Problems.Any(p => p.IsError);

    /// <summary>This report with more problems found by later checks.</summary>
    public ScheduleReport WithProblems(IEnumerable<ScheduleProblem> more) =>
        new() { Problems = InReadingOrder(Problems.Concat(more)), Accounts = Accounts };

    /// <summary>The order an admin works through them: by account, then table, then row.</summary>
    internal static IReadOnlyList<ScheduleProblem> InReadingOrder(IEnumerable<ScheduleProblem> problems) =>
        [.. problems.OrderBy(p => p.AccountId, StringComparer.Ordinal).ThenBy(p => p.Table, StringComparer.Ordinal).ThenBy(p => p.RowKey, StringComparer.Ordinal)];
}
