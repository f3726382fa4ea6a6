namespace RotationFunctions.Schedule;

/// <summary>Schedule problems as an aligned text table, as the CLI and the local host print them.</summary>
public static class ProblemTable
{
    public static IEnumerable<string> Lines(IReadOnlyList<ScheduleProblem> problems)
    {
        if (problems.Count == 0)
        {
            yield break;
        }
        string[] header = ["SEVERITY", "TABLE", "ACCOUNT", "ROW", "FIELD", "PROBLEM"];
        var rows = problems.Select(p => new[] { p.Severity == Severity.Error ? "error" : "warning", p.Table, p.AccountId, p.RowKey ?? "-", p.Field, p.Message }).ToList();
        var widths = Enumerable.Range(0, header.Length - 1).Select(i => rows.Select(r => r[i].Length).Append(header[i].Length).Max()).ToArray();
        string Line(string[] cells) =>
            string.Join("  ", cells.Take(header.Length - 1).Select((c, i) => c.PadRight(widths[i]))) + "  " + cells[^1];
        yield return Line(header);
        foreach (var row in rows)
        {
            yield return Line(row);
        }
    }
}
