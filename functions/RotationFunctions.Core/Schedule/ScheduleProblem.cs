namespace RotationFunctions.Schedule;

/// <summary>
/// One thing wrong with the schedule, addressed the way an admin finds it in Storage Explorer:
/// the table, the account (PartitionKey or account RowKey), the row and the column.
/// </summary>
public sealed record ScheduleProblem(Severity Severity, string Table, string AccountId, string? RowKey, string Field, string Message)
{
    /// <summary>The data model's tables as admins know them (a deployment may name them otherwise).</summary>
    public const string AccountsTable = "Accounts";
    public const string ScheduleTable = "Schedule";

    public bool IsError => Severity == Severity.Error;

    public override string ToString() =>
        $"{Severity.ToString().ToUpperInvariant()} {Table} {AccountId}/{RowKey ?? "-"} {Field}: {Message}";
}

/// <summary>Collects problems for one row so parsers can report and go on.</summary>
internal sealed class ProblemSink(string table, string accountId, string? rowKey, List<ScheduleProblem> problems)
{
    public int ErrorCount { get; private set; }

    public void Error(string field, string message)
    {
        ErrorCount++;
        problems.Add(new ScheduleProblem(Severity.Error, table, accountId, rowKey, field, message));
    }

    public void Warning(string field, string message) =>
        problems.Add(new ScheduleProblem(Severity.Warning, table, accountId, rowKey, field, message));
}
