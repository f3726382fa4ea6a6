using RotationFunctions.Schedule;

namespace RotationFunctions.Handover;

/// <summary>
/// Work planned in the planner's tick from the reads the tick already made (the account's schedule window and
/// Handovers rows), so a feature that follows the handovers (notices) costs no schedule query of its own.
/// Registered by that feature; the planner knows only this contract.
/// </summary>
public interface IPlannerCompanion
{
    /// <summary>How far ahead of now the companion needs the schedule (the tick reads the longer of this and its own horizon).</summary>
    TimeSpan Horizon { get; }

    /// <summary>Plans one account. <paramref name="handovers"/> are the rows the tick read (the catch-up lookback to its horizon), as they were before the tick changed them.</summary>
    Task PlanAsync(AccountSchedule schedule, IReadOnlyDictionary<string, HandoverRecord> handovers, DateTimeOffset now, CancellationToken cancellationToken);
}
