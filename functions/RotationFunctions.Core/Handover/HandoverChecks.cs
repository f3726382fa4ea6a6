using RotationFunctions.Schedule;

namespace RotationFunctions.Handover;

/// <summary>
/// Schedule validation's tweet checks: the handover rule run ahead of time over every boundary, each
/// step it would block for its text reported as a problem of the row the text comes from. The
/// schedule's own checks (rows, overlaps, gaps, approval) are in the report already.
/// </summary>
public sealed class HandoverChecks(AccountsTable accounts, ScheduleTable schedule)
{
    /// <summary>Both tables (or one account's rows) read and checked: what `rotation schedule validate` reports.</summary>
    public async Task<ScheduleReport> ReadAsync(string? accountId, CancellationToken cancellationToken) =>
        Check(await schedule.ReadAllAsync(await accounts.ListAsync(cancellationToken), accountId, cancellationToken));

    /// <summary>The report with the problems of every step the rule would block for its text.</summary>
    public static ScheduleReport Check(ScheduleReport report)
    {
        var problems = new List<ScheduleProblem>();
        foreach (var accountSchedule in report.Accounts)
        {
            foreach (var boundary in accountSchedule.Boundaries)
            {
                foreach (var kind in Enum.GetValues<StepKind>())
                {
                    if (HandoverStep.Decide(accountSchedule.Account, boundary, kind, Channel.X, StepRecord.None) is not StepDecision.Blocked blocked)
                    {
                        continue;
                    }
                    var slot = kind == StepKind.Intro ? boundary.Incoming! : boundary.Outgoing!;
                    problems.AddRange(blocked.Blocks.Where(b => b.Kind == StepBlockKind.Text).Select(b =>
                        new ScheduleProblem(Severity.Error, ScheduleProblem.ScheduleTable, accountSchedule.Account.Id, slot.RowKey, HandoverStep.Field(kind), b.Message)));
                }
            }
        }
        return report.WithProblems(problems);
    }
}
