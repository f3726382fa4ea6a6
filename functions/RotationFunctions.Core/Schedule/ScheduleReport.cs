namespace RotationFunctions.Schedule;

/// <summary>The outcome of reading and checking the schedule: every problem, and what can still run.</summary>
public sealed class ScheduleReport
{
    public required IReadOnlyList<ScheduleProblem> Problems { get; init; }
    /// <summary>Accounts that parsed, with their slots and boundaries (bad rows excluded or flagged).</summary>
    public required IReadOnlyList<AccountSchedule> Accounts { get; init; }

    public bool HasErrors => Problems.Any(p => p.IsError);
}
